package dev.axiom.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.axiom.run.Progress;
import dev.axiom.run.RunDirectory;
import dev.axiom.run.config.SettingsLoader;
import dev.axiom.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An experiment's training stopped by the time budget stops at a checkpoint, is not counted as
 * done, and the next invocation finishes it with the parameters of a training straight through.
 */
class ResumableTrainingTest {

    @TempDir
    Path tmp;

    private List<String> settings(int epochs) throws Exception {
        Path csv = tmp.resolve("table.csv");
        if (!Files.exists(csv)) {
            Random rng = new Random(3);
            List<String> lines = new ArrayList<>(List.of("a,b,c,label"));
            for (int i = 0; i < 200; i++) {
                double a = rng.nextGaussian();
                double b = rng.nextGaussian();
                double c = rng.nextGaussian();
                lines.add(String.format(Locale.ROOT, "%.5f,%.5f,%.5f,%d", a, b, c, a - b + 0.3 * rng.nextGaussian() > 0 ? 1 : 0));
            }
            Files.write(csv, lines);
        }
        return List.of(
                "axiom.data.format=csv",
                "axiom.data.csv.path=\"" + csv + "\"",
                "axiom.model.architecture=mlp",
                "axiom.model.hidden=[8]",
                "axiom.train.epochs=" + epochs,
                "axiom.train.batch-size=20",
                "axiom.train.checkpoint-every-steps=5",
                "axiom.train.keep-checkpoints=1",
                "axiom.prior.kind=none");
    }

    private ExperimentContext context(Path out, Optional<Instant> deadline) {
        return new ExperimentContext(new ExperimentOptions(out, true, 0, Map.of()), new WorkLog(out.resolve("work.jsonl"), deadline),
                new Results(), new Report(), Progress.silent());
    }

    private static Map<String, float[]> parameters(Path run) {
        return Checkpoint.read(RunDirectory.existing(run).latestCheckpoint().orElseThrow()).network();
    }

    @Test
    void aTrainingStoppedByTheBudgetResumesToTheParametersOfOneStraightThrough() throws Exception {
        var whole = ResumableTraining.run(context(tmp.resolve("straight"), Optional.empty()), "m",
                SettingsLoader.load(null, settings(3)), List.of("test"));
        Path straight = whole.runDirectory();

        Path out = tmp.resolve("interrupted");
        ExperimentContext past = context(out, Optional.of(Instant.now().minusSeconds(1)));
        assertThatThrownBy(() -> ResumableTraining.run(past, "m", SettingsLoader.load(null, settings(3)), List.of("test")))
                .isInstanceOf(WorkLog.OutOfTime.class).hasMessageContaining("'m'");
        long stoppedAt = Checkpoint.read(RunDirectory.existing(out.resolve("runs/m")).latestCheckpoint().orElseThrow()).loop().step();
        assertThat(stoppedAt).as("stopped early, at a checkpoint").isLessThan(whole.steps());

        var result = ResumableTraining.run(context(out, Optional.empty()), "m", SettingsLoader.load(null, settings(3)), List.of("test"));
        assertThat(result.steps()).isEqualTo(whole.steps());
        Map<String, float[]> resumed = parameters(result.runDirectory());
        Map<String, float[]> expected = parameters(straight);
        assertThat(resumed.keySet()).isEqualTo(expected.keySet());
        expected.forEach((name, values) -> assertThat(resumed.get(name)).as(name).containsExactly(values));
    }

    @Test
    void aStopRequestStopsTheTrainingAtACheckpointAsTheBudgetDoes() throws Exception {
        Path out = tmp.resolve("signalled");
        StopRequest stop = new StopRequest();
        ExperimentContext signalled = new ExperimentContext(new ExperimentOptions(out, true, 0, Map.of()),
                new WorkLog(out.resolve("work.jsonl"), Optional.empty(), stop), new Results(), new Report(), Progress.silent());
        stop.request("SIGTERM");
        assertThatThrownBy(() -> ResumableTraining.run(signalled, "m", SettingsLoader.load(null, settings(3)), List.of("test")))
                .isInstanceOf(WorkLog.OutOfTime.class).hasMessageContaining("stopped by SIGTERM").hasMessageContaining("'m'");
        long stoppedAt = Checkpoint.read(RunDirectory.existing(out.resolve("runs/m")).latestCheckpoint().orElseThrow()).loop().step();
        var finished = ResumableTraining.run(context(out, Optional.empty()), "m", SettingsLoader.load(null, settings(3)), List.of("test"));
        assertThat(stoppedAt).as("stopped early, at a checkpoint").isLessThan(finished.steps());
    }

    @Test
    void aFolderTrainedWithOtherSettingsStartsOver() throws Exception {
        ExperimentContext context = context(tmp.resolve("out"), Optional.empty());
        long oneEpoch = ResumableTraining.run(context, "m", SettingsLoader.load(null, settings(1)), List.of("test")).steps();
        var longer = ResumableTraining.run(context, "m", SettingsLoader.load(null, settings(2)), List.of("test"));
        assertThat(longer.steps()).isEqualTo(2 * oneEpoch);
        assertThat(RunDirectory.existing(longer.runDirectory()).settings().train().epochs()).isEqualTo(2);
    }
}
