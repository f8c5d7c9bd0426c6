package dev.axiom.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.axiom.run.config.SettingsLoader;
import dev.axiom.tensor.Rng;
import dev.axiom.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An interrupted and resumed run ends with exactly the parameters of the uninterrupted run with the
 * same seed: after a graceful stop mid-epoch, and after a crash that lost the newest checkpoint
 * (the run then replays the lost steps from the previous one). The run has every source of
 * randomness: shuffling, dropout, expected-gradients references from the training set and α.
 */
class ResumeTest {

    @TempDir
    static Path tmp;

    private static Path csv;

    @BeforeAll
    static void data() throws IOException {
        Rng rng = new Rng(3);
        List<String> lines = new ArrayList<>(List.of("a,b,c,d,e,label"));
        for (int i = 0; i < 180; i++) {
            double[] x = new double[5];
            for (int j = 0; j < 5; j++) {
                x[j] = rng.nextGaussian();
            }
            int label = x[0] + 0.5 * x[1] - x[3] + 0.3 * rng.nextGaussian() > 0 ? 1 : 0;
            lines.add(String.format(Locale.ROOT, "%.5f,%.5f,%.5f,%.5f,%.5f,%d", x[0], x[1], x[2], x[3], x[4], label));
        }
        csv = tmp.resolve("table.csv");
        Files.write(csv, lines);
    }

    private static List<String> settings() {
        return List.of(
                "axiom.data.format=csv",
                "axiom.data.csv.path=\"" + csv + "\"",
                "axiom.model.architecture=mlp",
                "axiom.model.hidden=[16, 8]",
                "axiom.model.dropout=0.2",
                "axiom.train.epochs=3",
                "axiom.train.batch-size=20",
                "axiom.train.checkpoint-every-steps=4",
                "axiom.train.keep-checkpoints=100",
                "axiom.train.log-every-steps=1",
                "axiom.attribution.references=3",
                "axiom.attribution.reference-source=training-set",
                "axiom.attribution.target=output-0",
                "axiom.prior.kind=gini",
                "axiom.prior.weight=0.5");
    }

    private static TrainingJob job(Path dir, Progress progress) {
        return TrainingJob.start(SettingsLoader.load(null, settings()), dir, List.of("test"), progress);
    }

    private static Map<String, float[]> finalParameters(Path dir) {
        return Checkpoint.read(RunDirectory.existing(dir).latestCheckpoint().orElseThrow()).network();
    }

    @Test
    void gracefullyStoppedRunResumesToTheSameParameters() {
        Path whole = tmp.resolve("whole");
        TrainingJob.Result full = job(whole, Progress.silent()).run();

        Path split = tmp.resolve("stopped");
        TrainingJob[] holder = new TrainingJob[1];
        holder[0] = job(split, new Progress() {
            @Override
            public void start(String task, long total) {}

            @Override
            public void update(long done, String status) {
                if (done == 10) {
                    holder[0].requestStop();
                }
            }

            @Override
            public void close() {}
        });
        TrainingJob.Result stopped = holder[0].run();
        assertThat(stopped.steps()).as("the stop took effect mid-epoch").isEqualTo(10);

        TrainingJob.Result resumed = TrainingJob.resume(split, Progress.silent()).run();

        assertThat(resumed.steps()).isEqualTo(full.steps());
        assertSameParameters(finalParameters(split), finalParameters(whole));
        assertThat(resumed.test()).isEqualTo(full.test());
        assertStepsLoggedOnce(split, full.steps());
    }

    @Test
    void runThatLostItsNewestCheckpointReplaysAndEndsTheSame() {
        Path whole = tmp.resolve("whole2");
        job(whole, Progress.silent()).run();

        Path crashed = tmp.resolve("crashed");
        TrainingJob.Result done = job(crashed, Progress.silent()).run();
        RunDirectory dir = RunDirectory.existing(crashed);
        List<Path> checkpoints = dir.checkpoints();
        // Simulate a crash at step 13: only the checkpoints up to step 12 were written.
        for (Path p : checkpoints) {
            if (Long.parseLong(p.getFileName().toString().substring(5)) > 12) {
                RunDirectory.delete(p);
            }
        }
        assertThat(dir.latestCheckpoint().orElseThrow().getFileName().toString()).isEqualTo("step-000000012");

        TrainingJob.Result resumed = TrainingJob.resume(crashed, Progress.silent()).run();

        assertThat(resumed.steps()).isEqualTo(done.steps());
        assertSameParameters(finalParameters(crashed), finalParameters(whole));
        assertStepsLoggedOnce(crashed, done.steps());
    }

    private static void assertSameParameters(Map<String, float[]> actual, Map<String, float[]> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        for (String name : expected.keySet()) {
            assertThat(actual.get(name)).as(name).containsExactly(expected.get(name));
        }
    }

    private static void assertStepsLoggedOnce(Path run, long steps) {
        List<Long> logged = MetricsLog.read(RunDirectory.existing(run).metrics()).stream()
                .filter(r -> "step".equals(r.get("type")))
                .map(r -> ((Number) r.get("step")).longValue())
                .toList();
        List<Long> expected = new ArrayList<>();
        for (long s = 1; s <= steps; s++) {
            expected.add(s);
        }
        assertThat(logged).as("every step logged once, in order").isEqualTo(expected);
    }
}
