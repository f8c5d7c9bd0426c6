package dev.axiom.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Every reader of {@code modules/} against seeded mutants of the project's real files: a few
 * hundred per reader here ({@code -Dfuzz.inputs=N -Dfuzz.seed=S} for more, as
 * {@code modules/bench/fuzz.sh} does). Fails on any crasher, naming each kind with an example
 * input saved under {@code target/fuzz/crashers/}.
 */
class ReadersFuzzTest {

    static final int INPUTS = Reports.inputs(250);
    static final long SEED = Reports.seed(19);
    private static final Path WORK = Path.of("target", "fuzz");

    private static void fuzz(FuzzTarget target) {
        Summary s = new Fuzzer(WORK).run(target, INPUTS, SEED);
        Reports.record(s);
        assertThat(s.crashers()).as("crashers of %s: %s", target.name(), s.report()).isZero();
        assertThat(s.loaded() + s.userErrors()).isEqualTo(INPUTS);
        assertThat(s.userErrors()).as("mutants the reader refused (none: the mutations do not reach it)").isPositive();
    }

    @Test
    void idx() {
        fuzz(Targets.idx(WORK));
    }

    @Test
    void csvWithCategoriesAndMissingCells() {
        fuzz(Targets.csvCredit());
    }

    @Test
    void csvOfNumbers() {
        fuzz(Targets.csvNhanes());
    }

    @Test
    void edgeLists() {
        fuzz(Targets.edges());
    }

    @Test
    void settings() {
        fuzz(Targets.settings());
    }

    @Test
    void checkpoints() {
        fuzz(Targets.checkpoint(WORK));
    }

    @Test
    void onnxModels() {
        fuzz(Targets.onnx());
    }

    @Test
    void imageFolders() {
        fuzz(Targets.imageFolder(WORK));
    }
}
