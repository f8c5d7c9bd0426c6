package dev.axiom.app;

import static dev.axiom.app.ImportedModels.concat;
import static dev.axiom.app.ImportedModels.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fine-tuning with {@code axiom.train.freeze}: PyTorch's ResNet-8 export trained for one epoch
 * (3 steps, with the EG pixel-smoothness prior, whose gradient flows back through the frozen
 * layers) with everything frozen but the last layer ({@code ["conv.*", "bn.*", "blocks.*"]} leaves
 * {@code fc.weight} and {@code fc.bias}): only those two change. The batch norms' running
 * statistics are buffers, not parameters: a training-mode forward pass moves them whatever is
 * frozen, so they are checked separately (they must have moved). The fine-tuned graph network
 * then round-trips through {@code export --attribution-head} and {@code serve-check}. A glob that
 * matches no parameter is a one-line error naming it.
 */
class FreezeTest {

    @TempDir
    static Path tmp;

    private static Path run;

    private static List<String> data;

    @BeforeAll
    static void fineTune() {
        data = ImportedModels.fashionSlice(tmp.resolve("data"), 100, 40);
        run = tmp.resolve("fine-tuned");
        ok(ImportedModels.train(run, concat(data, ImportedModels.onnx(ImportedModels.trainExport("resnet8")), List.of(
                "axiom.train.freeze=[\"conv.*\", \"bn.*\", \"blocks.*\"]",
                "axiom.train.epochs=1",
                "axiom.train.batch-size=30",
                "axiom.train.log-every-steps=1",
                "axiom.prior.weight=0.01"))));
    }

    @Test
    void onlyTheLastLayerChanges() {
        Map<String, float[]> initial = ImportedModels.goldenParameters("resnet8");
        Map<String, float[]> trained = ImportedModels.finalArrays(run);
        assertThat(trained.keySet()).containsExactlyInAnyOrderElementsOf(initial.keySet());
        assertThat(ImportedModels.metric(run, "step", "step")).as("steps trained").hasSize(3);

        List<String> changed = new ArrayList<>();
        List<String> buffersThatDidNotMove = new ArrayList<>();
        for (String name : initial.keySet()) {
            boolean same = ImportedModels.same(trained.get(name), initial.get(name));
            if (name.contains("running_")) {
                if (same) {
                    buffersThatDidNotMove.add(name);
                }
            } else if (!same) {
                changed.add(name);
            }
        }
        assertThat(changed).as("parameters that changed (all but fc.* are frozen)").containsExactlyInAnyOrder("fc.weight", "fc.bias");
        float[] bias = trained.get("fc.bias");
        for (int i = 0; i < bias.length; i++) {
            // the bias's gradient is the batch's mean of softmax - one-hot: never exactly 0, so Adam moves every entry
            assertThat(bias[i]).as("fc.bias[%d]", i).isNotEqualTo(initial.get("fc.bias")[i]);
        }
        assertThat(buffersThatDidNotMove).as("running statistics move in training-mode forward passes, frozen or not").isEmpty();
    }

    @Test
    void theFineTunedGraphRoundTripsThroughExportAndServeCheck() {
        Path file = tmp.resolve("fine-tuned.onnx");
        ok(Outcome.of("export", run.toString(), "--out", file.toString(), "--attribution-head"));
        Outcome check = ok(Outcome.of("serve-check", file.toString(), "--run", run.toString(), "--limit", "8", "--references", "3"));
        assertThat(check.out()).contains("samples: 8", "max |attributions ONNX - Axiom| (3 references", "OK");
    }

    @Test
    void twoRuntimeWorkersRespectTheFrozenParametersToo() {
        // The tabular fixture with two synchronous workers, everything frozen but the output layer.
        Path csv = ImportedModels.table(tmp.resolve("workers.csv"), 200, 3, 2);
        Path tuned = tmp.resolve("two-workers");
        ok(ImportedModels.train(tuned, concat(ImportedModels.tableSettings(csv), ImportedModels.onnx(ImportedModels.trainExport("tabular")),
                List.of("axiom.train.freeze=[\"fc?.*\", \"bn1.*\", \"side.*\"]",
                        "axiom.runtime.workers=2",
                        "axiom.prior.kind=gini",
                        "axiom.train.epochs=1",
                        "axiom.train.batch-size=20"))));
        Map<String, float[]> initial = ImportedModels.goldenParameters("tabular");
        Map<String, float[]> trained = ImportedModels.finalArrays(tuned);
        List<String> changed = new ArrayList<>();
        for (String name : initial.keySet()) {
            if (!ImportedModels.same(trained.get(name), initial.get(name))) {
                changed.add(name);
            }
        }
        assertThat(changed).as("arrays that changed").containsExactlyInAnyOrder("out.weight", "out.bias", "bn1.running_mean", "bn1.running_var");
    }

    @Test
    void aGlobThatMatchesNothingIsNamed() {
        Path csv = ImportedModels.table(tmp.resolve("table.csv"), 60, 3, 1);
        Outcome o = ImportedModels.train(tmp.resolve("bad-glob"), concat(ImportedModels.tableSettings(csv),
                ImportedModels.onnx(ImportedModels.trainExport("tabular")), List.of(
                        "axiom.prior.kind=none",
                        "axiom.train.epochs=1",
                        // fc1.* matches the tabular network's first layer; conv.* matches nothing there
                        "axiom.train.freeze=[\"fc1.*\", \"conv.*\"]")));
        ImportedModels.assertUserError(o, "axiom.train.freeze", "'conv.*'");
        assertThat(o.err()).doesNotContain("'fc1.*'");
    }
}
