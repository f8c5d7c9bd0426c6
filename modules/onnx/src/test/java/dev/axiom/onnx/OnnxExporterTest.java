package dev.axiom.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.axiom.nn.LayerSpecs;
import dev.axiom.nn.Network;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Every layer kind exported and run in ONNX Runtime: outputs equal Axiom's within 1e-5, the
 * attribution head equals Axiom's expected gradients for the same references and coefficients
 * within 1e-4.
 */
class OnnxExporterTest {

    static final String MLP = "(12) linear(16) relu batchnorm linear(8) tanh dropout(0.3) linear(6) softplus linear(5,nobias) sigmoid linear(3)";
    static final String CNN = "(2, 11, 11) conv2d(4,3,2,1) relu maxpool(2) conv2d(3,2,1,1) batchnorm tanh avgpool(2) flatten linear(7) relu dropout(0.5) linear(4)";
    static final String POOLS = "(1, 9, 9) conv2d(3,3,1,1) relu maxpool(2) flatten linear(5)";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {MLP, CNN, POOLS})
    void predictionsAndAttributionsMatchAxiom(String architecture) throws Exception {
        try (Network network = Network.create(LayerSpecs.parseArchitecture(architecture), 7)) {
            randomise(network, new Random(3));
            Path file = dir.resolve("model.onnx");
            OnnxExporter.write(network, true, file);
            Random random = new Random(11);
            int n = 5;
            int k = 3;
            int size = Math.toIntExact(network.architecture().inputShape().size());
            float[] x = gaussian(random, n * size);
            if (architecture.equals(POOLS)) {
                for (int i = 0; i + 1 < x.length; i += 4) {
                    x[i + 1] = x[i]; // ties inside pooling windows: both route to the first arg-max
                }
            }
            float[] references = gaussian(random, n * k * size);
            float[] alphas = new float[n * k];
            for (int i = 0; i < alphas.length; i++) {
                alphas[i] = random.nextFloat();
            }
            int outputs = Math.toIntExact(network.outputShape().size());
            long[] target = new long[n];
            for (int i = 0; i < n; i++) {
                target[i] = random.nextInt(outputs);
            }
            try (OnnxRuntimeModel model = OnnxRuntimeModel.open(file, ExecutionProvider.CPU)) {
                assertThat(model.hasAttributionHead()).isTrue();
                float[] ort = model.predict(x, n);
                float[] axiom = AxiomOutputs.predict(network, x, n);
                assertThat(Differences.maxAbs(ort, axiom)).isLessThanOrEqualTo(1e-5);
                OnnxRuntimeModel.Outputs both = model.explain(x, n, references, alphas, target);
                assertThat(Differences.maxAbs(both.logits(), axiom)).isLessThanOrEqualTo(1e-5);
                float[] eg = AxiomOutputs.expectedGradients(network, x, n, references, alphas, target);
                assertThat(both.attributions()).hasSize(eg.length);
                assertThat(Differences.maxAbs(both.attributions(), eg)).isLessThanOrEqualTo(1e-4);
                System.out.printf("%s: max |ORT - Axiom| outputs %.3g, attributions %.3g (max |EG| %.3g)%n", architecture,
                        Differences.maxAbs(ort, axiom), Differences.maxAbs(both.attributions(), eg),
                        Differences.maxAbs(eg, new float[eg.length]));
                assertThat(Differences.maxAbs(eg, new float[eg.length])).as("attributions are not trivially zero").isGreaterThan(1e-3);
            }
        }
    }

    @Test
    void exportWithoutHeadHasOnlyThePrediction() throws Exception {
        try (Network network = Network.create(LayerSpecs.parseArchitecture(MLP), 1)) {
            Path file = dir.resolve("plain.onnx");
            OnnxExporter.write(network, false, file);
            try (OnnxRuntimeModel model = OnnxRuntimeModel.open(file, ExecutionProvider.CPU)) {
                assertThat(model.hasAttributionHead()).isFalse();
                assertThat(model.signature()).containsOnlyKeys("x", "logits");
                assertThat(model.signature().get("x")).containsExactly(-1, 12);
                assertThat(model.signature().get("logits")).containsExactly(-1, 3);
                assertThatThrownBy(() -> model.explain(new float[12], 1, new float[12], new float[1], new long[1]))
                        .hasMessageContaining("no attribution head");
                assertThatThrownBy(() -> model.predict(new float[11], 1)).hasMessageContaining("1 samples of shape [12]");
            }
        }
    }

    @Test
    void badFilesAreNamed() throws Exception {
        assertThatThrownBy(() -> OnnxRuntimeModel.open(dir.resolve("missing.onnx"), ExecutionProvider.CPU))
                .hasMessageContaining("no ONNX model file at").hasMessageContaining("missing.onnx");
        Path junk = dir.resolve("junk.onnx");
        java.nio.file.Files.writeString(junk, "not a model");
        assertThatThrownBy(() -> OnnxRuntimeModel.open(junk, ExecutionProvider.CPU))
                .hasMessageContaining("ONNX Runtime cannot load").hasMessageContaining("junk.onnx");
    }

    /** Random parameters and running statistics (variances positive), so batch norm is not the identity. */
    static void randomise(Network network, Random random) {
        Map<String, float[]> state = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : network.exportState().entrySet()) {
            float[] v = e.getValue().clone();
            boolean variance = e.getKey().contains("var");
            for (int i = 0; i < v.length; i++) {
                v[i] = variance ? 0.5f + random.nextFloat() : v[i] + 0.1f * (float) random.nextGaussian();
            }
            state.put(e.getKey(), v);
        }
        network.loadState(state);
    }

    static float[] gaussian(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
