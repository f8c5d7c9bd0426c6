package dev.axiom.app;

import static dev.axiom.app.ImportedModels.assertSameArrays;
import static dev.axiom.app.ImportedModels.concat;
import static dev.axiom.app.ImportedModels.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.axiom.dashboard.SnapshotComputer;
import dev.axiom.dashboard.SnapshotOptions;
import dev.axiom.run.RunDirectory;
import dev.axiom.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model the user brings, used as it is: PyTorch's ResNet-8 export ({@code onnx-models/imported/resnet8},
 * training-mode export, 1x28x28 to 10 logits) imported with {@code axiom.train.epochs = 0} on a
 * slice of the embedded Fashion-MNIST subset. The run directory's step-0 checkpoint holds exactly
 * the file's initializers (PyTorch's float32 values, under their ONNX names); the run keeps its
 * own {@code model.onnx}, referred to relatively, so the directory still works after the user's
 * file is gone and the directory has moved; and evaluate, predict, explain, report, the
 * dashboard's attribution snapshot, export with the attribution head and serve-check all work on it.
 */
class BringYourOwnModelTest {

    @TempDir
    static Path tmp;

    /** The run directory, after its model file was deleted and the directory moved. */
    private static Path run;

    @BeforeAll
    static void importAsIs() throws IOException {
        // The user's own copy of the model, which goes away after training: the run must not need it.
        Path brought = tmp.resolve("downloads/resnet8.onnx");
        Files.createDirectories(brought.getParent());
        Files.copy(ImportedModels.trainExport("resnet8"), brought);
        Path first = tmp.resolve("first/resnet8-as-is");
        ok(ImportedModels.train(first, concat(
                ImportedModels.fashionSlice(tmp.resolve("data"), 100, 40),
                ImportedModels.onnx(brought),
                List.of("axiom.train.epochs=0", "axiom.report.references=4", "axiom.report.panel-images=2"))));
        Files.delete(brought);
        run = tmp.resolve("elsewhere/moved-run");
        Files.createDirectories(run.getParent());
        Files.move(first, run);
        Files.delete(first.getParent());
    }

    @Test
    void theStepZeroCheckpointHoldsTheFileWeightsExactly() {
        List<Path> checkpoints = RunDirectory.existing(run).checkpoints();
        assertThat(checkpoints).as("checkpoints of an epochs = 0 run").hasSize(1);
        assertThat(checkpoints.get(0).getFileName().toString()).isEqualTo("step-000000000");
        Checkpoint c = Checkpoint.read(checkpoints.get(0));
        assertThat(c.loop().step()).isZero();
        // param:<name> is every state_dict entry but num_batches_tracked: weights, biases and the
        // batch norms' running statistics, under the ONNX initializer names.
        assertSameArrays(c.network(), ImportedModels.goldenParameters("resnet8"), "step-0 checkpoint vs param: goldens");
    }

    @Test
    void theRunKeepsItsOwnCopyOfTheModelReferredToRelatively() throws IOException {
        assertThat(Files.mismatch(run.resolve("model.onnx"), ImportedModels.trainExport("resnet8")))
                .as("model.onnx is a byte-for-byte copy of the file").isEqualTo(-1L);
        String config = Files.readString(run.resolve("config.conf"));
        assertThat(config).containsPattern("file\\s*=\\s*\"?model\\.onnx\"?");
        assertThat(config).doesNotContain("downloads");
    }

    @Test
    void evaluateAndPredictWorkAfterTheDirectoryMoved() {
        Outcome evaluate = ok(Outcome.of("evaluate", "--run", run.toString()));
        assertThat(evaluate.out()).contains("accuracy");
        Path predictions = tmp.resolve("predictions.csv");
        ok(Outcome.of("predict", "--run", run.toString(), "--out", predictions.toString()));
        List<String> lines = ImportedModels.lines(predictions);
        assertThat(lines.get(0)).startsWith("index,label,prediction,output_0").endsWith("output_9");
        assertThat(lines).as("one row per test image of the slice").hasSize(41);
        for (String line : lines.subList(1, lines.size())) {
            for (String f : ImportedModels.fields(line)) {
                assertThat(Double.isFinite(Double.parseDouble(f))).as(line).isTrue();
            }
        }
    }

    @Test
    void explainWithExpectedGradients() {
        Path out = tmp.resolve("eg.csv");
        ok(Outcome.of("explain", "--run", run.toString(), "--method", "eg", "--references", "8", "--limit", "3",
                "--out", out.toString()));
        List<String> lines = ImportedModels.lines(out);
        assertThat(lines).hasSize(4);
        assertThat(ImportedModels.fields(lines.get(0))).startsWith("index", "target", "output", "reference_output").hasSize(4 + 784);
        for (String line : lines.subList(1, lines.size())) {
            double sum = 0;
            String[] f = ImportedModels.fields(line);
            for (int i = 4; i < f.length; i++) {
                sum += Double.parseDouble(f[i]);
            }
            assertThat(Double.isFinite(sum)).as(line.substring(0, 40)).isTrue();
        }
        assertThat(tmp.resolve("eg.png")).isNotEmptyFile();
    }

    @Test
    void report() {
        ok(Outcome.of("report", run.toString()));
        assertThat(run.resolve("report.md")).isNotEmptyFile();
        assertThat(run.resolve("figures")).isNotEmptyDirectory();
    }

    @Test
    void exportWithTheAttributionHeadPassesServeCheck() {
        Path file = tmp.resolve("resnet8-served.onnx");
        Outcome export = ok(Outcome.of("export", run.toString(), "--out", file.toString(), "--attribution-head"));
        assertThat(export.out()).contains("opset 17", "with the attribution head");
        Outcome check = ok(Outcome.of("serve-check", file.toString(), "--run", run.toString(), "--limit", "8", "--references", "2"));
        assertThat(check.out()).contains("samples: 8", "max |outputs ONNX - Axiom|", "max |attributions ONNX - Axiom|", "OK");
    }

    @Test
    void theDashboardComputesAnAttributionSnapshotOfTheImportedModel() {
        Path checkpoint = RunDirectory.existing(run).latestCheckpoint().orElseThrow();
        try (SnapshotComputer snapshots = new SnapshotComputer(run, new SnapshotOptions(2, 20, 16, 4, 0, 1))) {
            assertThat(snapshots.images()).isTrue();
            Map<String, Object> fields = snapshots.compute(checkpoint);
            assertThat(fields).containsEntry("kind", "image").containsEntry("height", 28).containsEntry("width", 28);
            assertThat((List<?>) fields.get("maps")).hasSize(2);
            assertThat(((Number) fields.get("scale")).doubleValue()).as("largest |attribution|").isPositive().isFinite();
        }
    }
}
