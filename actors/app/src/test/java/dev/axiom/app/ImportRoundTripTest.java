package dev.axiom.app;

import static dev.axiom.app.ImportedModels.concat;
import static dev.axiom.app.ImportedModels.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.axiom.run.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Import, train, export, serve: PyTorch's tabular network ({@code onnx-models/imported/tabular}:
 * batch norm, a skip connection, a concat; 12 features to 3 logits) imported from its file,
 * trained for two epochs with the EG Gini prior on a generated 12-feature 3-class table, exported
 * with the attribution head, and checked in ONNX Runtime by {@code serve-check} at its default
 * tolerances (outputs 1e-5, attributions 1e-4). A copy of the run, moved elsewhere and cut back to
 * an earlier checkpoint, resumes to the same parameters bit for bit. With {@code epochs = 0},
 * {@code predict} on PyTorch's golden inputs gives PyTorch's eval-mode logits. And {@code init = random} starts from Axiom's own
 * initialisation instead of the file's weights.
 */
class ImportRoundTripTest {

    @TempDir
    static Path tmp;

    private static Path table;

    private static Path run;

    @BeforeAll
    static void importAndTrain() {
        table = ImportedModels.table(tmp.resolve("table.csv"), 300, 3, 11);
        run = tmp.resolve("tabular-tuned");
        ok(ImportedModels.train(run, concat(ImportedModels.tableSettings(table), ImportedModels.onnx(ImportedModels.trainExport("tabular")),
                List.of("axiom.prior.kind=gini",
                        "axiom.prior.weight=0.1",
                        "axiom.attribution.references=2",
                        "axiom.train.epochs=2",
                        "axiom.train.batch-size=32",
                        "axiom.train.log-every-steps=1",
                        "axiom.train.checkpoint-every-steps=3",
                        "axiom.train.keep-checkpoints=100"))));
    }

    @Test
    void trainingMovedEveryTrainedParameterFromTheFile() {
        Map<String, float[]> initial = ImportedModels.goldenParameters("tabular");
        Map<String, float[]> trained = ImportedModels.finalArrays(run);
        assertThat(trained.keySet()).containsExactlyInAnyOrderElementsOf(initial.keySet());
        List<String> unchanged = new ArrayList<>();
        for (String name : initial.keySet()) {
            if (name.equals("fc1.bias")) {
                continue; // followed by train-mode batch norm: its gradient is 0 up to rounding (see the fixtures' README)
            }
            if (ImportedModels.same(trained.get(name), initial.get(name))) {
                unchanged.add(name);
            }
        }
        assertThat(unchanged).as("arrays training left as the file had them").isEmpty();
        List<Double> losses = ImportedModels.metric(run, "step", "loss");
        assertThat(losses).isNotEmpty().allMatch(Double::isFinite);
    }

    @Test
    void exportWithTheHeadPassesServeCheckAtItsDefaultTolerances() {
        Path file = tmp.resolve("tabular-tuned.onnx");
        Outcome export = ok(Outcome.of("export", run.toString(), "--out", file.toString(), "--attribution-head", "--golden", "3"));
        assertThat(export.out()).contains("with the attribution head");
        Outcome check = ok(Outcome.of("serve-check", file.toString(), "--run", run.toString(), "--references", "4"));
        assertThat(check.out()).contains("max |outputs ONNX - Axiom|", "(tolerance 1e-05)", "max |attributions ONNX - Axiom| (4 references",
                "(tolerance 0.0001)", "OK");
    }

    @Test
    void aMovedImportedRunThatLostItsNewestCheckpointsResumesBitForBit() throws IOException {
        // A crash after step 4, and the run directory moved: a copy elsewhere keeps only its step-3
        // checkpoint; train --resume reads the run's own model.onnx and replays steps 4 to the end.
        Path crashed = tmp.resolve("moved/crashed");
        Files.createDirectories(crashed.getParent());
        try (Stream<Path> files = Files.walk(run)) {
            for (Path from : files.toList()) {
                Files.copy(from, crashed.resolve(run.relativize(from).toString()));
            }
        }
        RunDirectory dir = RunDirectory.existing(crashed);
        for (Path c : dir.checkpoints()) {
            if (Long.parseLong(c.getFileName().toString().substring("step-".length())) > 3) {
                RunDirectory.delete(c);
            }
        }
        assertThat(dir.latestCheckpoint().orElseThrow().getFileName().toString()).isEqualTo("step-000000003");

        ok(Outcome.of("train", "--resume", crashed.toString(), "--no-report"));

        ImportedModels.assertSameArrays(ImportedModels.finalArrays(crashed), ImportedModels.finalArrays(run), "resumed vs uninterrupted");
        assertThat(ImportedModels.metric(crashed, "step", "step")).isEqualTo(ImportedModels.metric(run, "step", "step"));
    }

    @Test
    void predictOnTheImportedModelGivesPyTorchsEvalLogits() throws IOException {
        // The file's weights as they are (epochs = 0), no standardisation: predict on the golden inputs
        // must give the logits PyTorch computed in float32 in eval mode (running statistics).
        Path asIs = tmp.resolve("tabular-as-is");
        ok(ImportedModels.train(asIs, concat(ImportedModels.tableSettings(table), ImportedModels.onnx(ImportedModels.trainExport("tabular")),
                List.of("axiom.data.standardize=false", "axiom.prior.kind=none", "axiom.train.epochs=0"))));
        double[] x = ImportedModels.golden("tabular", "x");
        double[] labels = ImportedModels.golden("tabular", "labels");
        double[] expected = ImportedModels.golden("tabular", "f32:logits_eval");
        int n = labels.length;
        List<String> lines = new ArrayList<>(List.of(ImportedModels.lines(table).get(0)));
        for (int i = 0; i < n; i++) {
            StringBuilder line = new StringBuilder();
            for (int j = 0; j < 12; j++) {
                line.append(Float.toString((float) x[i * 12 + j])).append(',');
            }
            lines.add(line.append((long) labels[i]).toString());
        }
        Path inputs = Files.write(tmp.resolve("golden-x.csv"), lines);
        Path out = tmp.resolve("golden-predictions.csv");

        ok(Outcome.of("predict", "--run", asIs.toString(), "--data", inputs.toString(), "--out", out.toString()));

        List<String> rows = ImportedModels.lines(out);
        assertThat(rows).hasSize(n + 1);
        double scale = Arrays.stream(expected).map(Math::abs).max().orElseThrow();
        for (int i = 0; i < n; i++) {
            String[] f = ImportedModels.fields(rows.get(i + 1));
            for (int k = 0; k < 3; k++) {
                assertThat(Double.parseDouble(f[3 + k])).as("sample %d, logit %d", i, k)
                        .isCloseTo(expected[i * 3 + k], within(1e-5 * scale));
            }
        }
    }

    @Test
    void randomInitialisationDoesNotUseTheFileWeights() {
        Path random = tmp.resolve("tabular-random");
        ok(ImportedModels.train(random, concat(ImportedModels.tableSettings(table), ImportedModels.onnx(ImportedModels.trainExport("tabular")),
                List.of("axiom.model.onnx.init=random", "axiom.prior.kind=none", "axiom.train.epochs=0"))));
        Map<String, float[]> initial = ImportedModels.goldenParameters("tabular");
        Map<String, float[]> start = ImportedModels.finalArrays(random);
        assertThat(start.keySet()).containsExactlyInAnyOrderElementsOf(initial.keySet());
        for (String name : List.of("fc1.weight", "fc2.weight", "fc3.weight", "side.weight", "out.weight")) {
            assertThat(ImportedModels.same(start.get(name), initial.get(name))).as("%s is drawn afresh", name).isFalse();
        }
    }
}
