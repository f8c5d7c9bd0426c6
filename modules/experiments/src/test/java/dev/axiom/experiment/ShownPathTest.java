package dev.axiom.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reports name paths relative to the repository, or beside it as ../…, so they read the same on every machine. */
class ShownPathTest {

    private static final Path REPO = Path.of("/work/main");

    @Test
    void pathsInsideTheRepositoryAreRelativeToIt() {
        assertThat(ShownPath.of(Path.of("/work/main/docs/results/pixel"), REPO)).isEqualTo("docs/results/pixel");
        assertThat(ShownPath.of(Path.of("/work/main"), REPO)).isEqualTo(".");
    }

    @Test
    void pathsBesideTheRepositoryGoThroughItsParent() {
        assertThat(ShownPath.of(Path.of("/work/shared/data/fashion-mnist"), REPO)).isEqualTo("../shared/data/fashion-mnist");
    }

    @Test
    void pathsElsewhereStayAbsolute() {
        assertThat(ShownPath.of(Path.of("/data/fashion"), REPO)).isEqualTo("/data/fashion");
    }

    @Test
    void theRepositoryIsFoundAboveTheWorkingDirectory(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        java.nio.file.Files.createDirectories(tmp.resolve("repo/.git"));
        java.nio.file.Files.createDirectories(tmp.resolve("repo/modules/x"));
        assertThat(ShownPath.root(tmp.resolve("repo/modules/x"))).isEqualTo(tmp.resolve("repo"));
        java.nio.file.Files.createDirectories(tmp.resolve("elsewhere/x"));
        assertThat(ShownPath.root(tmp.resolve("elsewhere/x"))).as("no repository above: the folder itself").isEqualTo(tmp.resolve("elsewhere/x"));
    }
}
