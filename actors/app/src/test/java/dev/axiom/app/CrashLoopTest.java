package dev.axiom.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short crash loop of the suite: a run through the actor runtime with two workers, killed
 * with SIGKILL three times at seeded moments (the second as a checkpoint write begins) and resumed
 * each time, ends with the uninterrupted run's network and optimizer files, byte for byte. The
 * long loop (10 kills, the plain loop too) is {@code modules/bench/crash-loop.sh}.
 */
class CrashLoopTest {

    @TempDir
    Path tmp;

    @Test
    void threeSigkillsAndResumesEndWithTheUninterruptedRunsBytes() throws Exception {
        Path conf = tmp.resolve("crash.conf");
        Path preset = Path.of("../../conf/tabular-sparsity.conf").toAbsolutePath().normalize();
        Files.writeString(conf, """
                include "%s"
                axiom {
                  model.hidden = [32, 16]
                  train { epochs = 1, threads = 1, log-every-steps = 1, checkpoint-every-steps = 10 }
                  attribution { references = 2, reference-source = shifted-batch }
                  runtime { workers = 2 }
                }
                """.formatted(preset));
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();

        CrashLoop.Result result = new CrashLoop(List.of("--config", conf.toString()), 3, 7, tmp.resolve("loop"),
                new PrintStream(printed, true, StandardCharsets.UTF_8)).run();

        String log = printed.toString(StandardCharsets.UTF_8);
        assertThat(result.kills()).as(log).hasSize(3);
        assertThat(result.kills()).extracting(CrashLoop.Kill::afterLoggedStep).as(log).allMatch(s -> s > 0 && s <= 68);
        assertThat(result.checkpoint()).isEqualTo("step-000000068");
        assertThat(result.identical()).as(log).isTrue();
        assertThat(log).contains("3 kills", "byte-identical");
        assertThat(resumedRunLogs(tmp.resolve("loop"))).as("each kill was followed by a resume").isEqualTo(3);
    }

    private static long resumedRunLogs(Path loop) throws IOException {
        try (var s = Files.list(loop)) {
            return s.filter(p -> p.getFileName().toString().matches("crashed-[1-9]\\d*\\.err")).count();
        }
    }
}
