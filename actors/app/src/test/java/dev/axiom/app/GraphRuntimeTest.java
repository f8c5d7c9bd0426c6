package dev.axiom.app;

import static dev.axiom.app.ImportedModels.concat;
import static dev.axiom.app.ImportedModels.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.axiom.run.Progress;
import dev.axiom.run.RunDirectory;
import dev.axiom.run.TrainingJob;
import dev.axiom.run.config.SettingsLoader;
import dev.axiom.runtime.RuntimeDriver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A graph network (the {@code resnet} builder: residual adds, 1x1 shortcuts, batch norm, global
 * average pooling) through the actor runtime with two synchronous workers: two epochs (12 steps)
 * on a 200-image slice of the embedded Fashion-MNIST subset with the EG pixel prior, batch norm in
 * training mode in the attribution pass (as {@code conf/resnet-fashion.conf}). A run stopped
 * after its step-8 checkpoint (mid-epoch) and continued with {@code train --resume} ends with the
 * uninterrupted run's parameters and running statistics, bit for bit, every step logged once;
 * the trained graph round-trips through {@code export --attribution-head} and {@code serve-check};
 * and one worker trains the same network too (finite losses).
 */
class GraphRuntimeTest {

    @TempDir
    static Path tmp;

    private static List<String> settings;

    private static Path whole;

    private static final int STEPS = 12;

    @BeforeAll
    static void uninterrupted() {
        settings = concat(ImportedModels.fashionSlice(tmp.resolve("data"), 200, 40), List.of(
                "axiom.model.architecture=resnet",
                "axiom.model.resnet.stem-width=4",
                "axiom.model.resnet.stages=[[4, 1, 1], [8, 1, 2]]",
                "axiom.runtime.workers=2",
                "axiom.attribution.dropout=true",
                "axiom.prior.weight=0.01",
                "axiom.train.epochs=2",
                "axiom.train.batch-size=30",
                "axiom.train.checkpoint-every-steps=4",
                "axiom.train.keep-checkpoints=100",
                "axiom.train.log-every-steps=1",
                "axiom.train.threads=1"));
        whole = tmp.resolve("whole");
        ok(ImportedModels.train(whole, settings));
    }

    @Test
    void aRunStoppedAfterACheckpointResumesToTheSameParametersBitForBit() {
        Path split = tmp.resolve("stopped");
        TrainingJob[] job = new TrainingJob[1];
        job[0] = TrainingJob.start(SettingsLoader.load(null, settings), split, List.of("GraphRuntimeTest"), Progress.silent())
                .withObserver(new TrainingJob.Observer() {
                    @Override
                    public void checkpointed(long step, Path checkpoint) {
                        if (step == 8) {
                            job[0].requestStop();
                        }
                    }
                });
        job[0].withDriver(RuntimeDriver.forRun(job[0].settings().runtime(), null, e -> {}));
        TrainingJob.Result stopped = job[0].run();
        assertThat(stopped.steps()).as("the stop took effect after the step-8 checkpoint, mid-epoch 2").isEqualTo(8);

        Outcome resumed = ok(Outcome.of("train", "--resume", split.toString(), "--no-report"));
        assertThat(resumed.out()).contains("\"steps\":" + STEPS);

        Map<String, float[]> expected = ImportedModels.finalArrays(whole);
        assertThat(expected.keySet()).as("the network has batch-norm running statistics").anyMatch(k -> k.contains("running_"));
        ImportedModels.assertSameArrays(ImportedModels.finalArrays(split), expected, "resumed vs uninterrupted (2 workers)");
        List<Double> logged = ImportedModels.metric(split, "step", "step");
        List<Double> once = new ArrayList<>();
        for (int s = 1; s <= STEPS; s++) {
            once.add((double) s);
        }
        assertThat(logged).as("every step logged once, in order").isEqualTo(once);
        assertThat(lastTestLoss(split)).isEqualTo(lastTestLoss(whole));
    }

    @Test
    void aRunThatLostItsNewestCheckpointsReplaysThemAndEndsTheSame() throws IOException {
        // A crash after step 5: a copy of the finished run keeps only its step-4 checkpoint (mid-epoch 1,
        // before the first validation); resuming replays steps 5 to 12 and drops their old metrics.
        Path crashed = tmp.resolve("crashed");
        try (Stream<Path> files = Files.walk(whole)) {
            for (Path from : files.toList()) {
                Files.copy(from, crashed.resolve(whole.relativize(from).toString()));
            }
        }
        RunDirectory dir = RunDirectory.existing(crashed);
        for (Path c : dir.checkpoints()) {
            if (Long.parseLong(c.getFileName().toString().substring("step-".length())) > 4) {
                RunDirectory.delete(c);
            }
        }
        assertThat(dir.latestCheckpoint().orElseThrow().getFileName().toString()).isEqualTo("step-000000004");

        ok(Outcome.of("train", "--resume", crashed.toString(), "--no-report"));

        ImportedModels.assertSameArrays(ImportedModels.finalArrays(crashed), ImportedModels.finalArrays(whole),
                "replayed from step 4 vs uninterrupted (2 workers)");
        assertThat(ImportedModels.metric(crashed, "step", "step")).as("every step logged once, in order")
                .isEqualTo(ImportedModels.metric(whole, "step", "step"));
    }

    private static List<Double> lastTestLoss(Path run) {
        List<Double> all = ImportedModels.metric(run, "evaluation", "test_loss");
        return all.isEmpty() ? List.of() : List.of(all.get(all.size() - 1));
    }

    @Test
    void twoWorkersTrainAndMoveTheRunningStatistics() {
        List<Double> losses = ImportedModels.metric(whole, "step", "loss");
        assertThat(losses).hasSize(STEPS).allMatch(Double::isFinite);
        assertThat(lastTestLoss(whole)).singleElement().matches(Double::isFinite);
        // The workers' batch-norm statistics reach the master (issue 15, point 0): none is left at its
        // initial value (mean 0, variance 1).
        Map<String, float[]> trained = ImportedModels.finalArrays(whole);
        List<String> buffers = trained.keySet().stream().filter(k -> k.contains("running_")).toList();
        assertThat(buffers).isNotEmpty();
        for (String name : buffers) {
            float initial = name.endsWith("running_var") ? 1f : 0f;
            float[] values = trained.get(name);
            for (int i = 0; i < values.length; i++) {
                assertThat(values[i]).as("%s[%d] left its initial value", name, i).isNotEqualTo(initial);
            }
        }
    }

    @Test
    void oneWorkerTrainsTheSameNetwork() {
        Path one = tmp.resolve("one-worker");
        List<String> single = new ArrayList<>(settings);
        single.add("axiom.runtime.workers=1");
        ok(ImportedModels.train(one, single));
        List<Double> losses = ImportedModels.metric(one, "step", "loss");
        assertThat(losses).hasSize(STEPS).allMatch(Double::isFinite);
        assertThat(lastTestLoss(one)).singleElement().matches(Double::isFinite);
        assertThat(ImportedModels.finalArrays(one).keySet()).isEqualTo(ImportedModels.finalArrays(whole).keySet());
    }

    @Test
    void theTrainedGraphRoundTripsThroughExportAndServeCheck() {
        Path file = tmp.resolve("resnet-small.onnx");
        ok(Outcome.of("export", whole.toString(), "--out", file.toString(), "--attribution-head"));
        Outcome check = ok(Outcome.of("serve-check", file.toString(), "--run", whole.toString(), "--limit", "16", "--references", "3"));
        assertThat(check.out()).contains("samples: 16", "max |attributions ONNX - Axiom| (3 references", "OK");
    }
}
