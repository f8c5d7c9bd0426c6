package dev.axiom.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import dev.axiom.nn.ActivationKind;
import dev.axiom.nn.Architecture;
import dev.axiom.nn.LayerSpec;
import dev.axiom.nn.LayerSpecs;
import dev.axiom.nn.Network;
import dev.axiom.nn.Node;
import dev.axiom.nn.ResNet;
import dev.axiom.nn.Window2d;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Every layer kind exported and run in ONNX Runtime: outputs equal Axiom's within 1e-5, the
 * attribution head equals Axiom's expected gradients for the same references and coefficients
 * within 1e-4. Sequential stacks (from their text form) and graphs: the ResNet builder's
 * ResNet-8, overlapping and ceil-mode pools in both count modes, a depthwise-separable block with
 * squeeze-and-excitation gating, concatenated tabular branches, and convolution geometries;
 * {@link #theCasesUseEveryLayerKind()} fails when a kind is added without being exported here.
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
        check(LayerSpecs.parseArchitecture(architecture), architecture, architecture.equals(POOLS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("graphs")
    void graphPredictionsAndAttributionsMatchAxiom(String name, Architecture architecture, boolean ties) throws Exception {
        check(architecture, name, ties);
    }

    /** Every layer kind has an ONNX form, and the cases of this test export every kind. */
    @Test
    void theCasesUseEveryLayerKind() {
        Set<Class<?>> kinds = concreteKinds();
        assertThat(new HashSet<Class<?>>(OnnxLayer.FORMS.keySet())).as("layer kinds with an ONNX form").containsAll(kinds);
        Set<Class<?>> used = new HashSet<>();
        for (String text : List.of(MLP, CNN, POOLS)) {
            LayerSpecs.parseArchitecture(text).nodes().forEach(n -> used.add(n.spec().getClass()));
        }
        graphs().forEach(a -> ((Architecture) a.get()[1]).nodes().forEach(n -> used.add(n.spec().getClass())));
        assertThat(used).as("layer kinds exported by this test").containsAll(kinds);
    }

    private void check(Architecture architecture, String label, boolean ties) throws Exception {
        try (Network network = Network.create(architecture, 7)) {
            randomise(network, new Random(3));
            Path file = dir.resolve("model.onnx");
            OnnxExporter.write(network, true, file);
            Random random = new Random(11);
            int n = 5;
            int k = 3;
            int size = Math.toIntExact(network.architecture().inputShape().size());
            float[] x = gaussian(random, n * size);
            if (ties) {
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
                assertThat(Differences.maxAbs(ort, axiom)).as("max |ORT − Axiom| of the outputs").isLessThanOrEqualTo(1e-5);
                OnnxRuntimeModel.Outputs both = model.explain(x, n, references, alphas, target);
                assertThat(Differences.maxAbs(both.logits(), axiom)).isLessThanOrEqualTo(1e-5);
                float[] eg = AxiomOutputs.expectedGradients(network, x, n, references, alphas, target);
                assertThat(both.attributions()).hasSize(eg.length);
                assertThat(Differences.maxAbs(both.attributions(), eg)).as("max |ORT − Axiom| of the attributions")
                        .isLessThanOrEqualTo(1e-4);
                System.out.printf("%s: max |ORT - Axiom| outputs %.3g, attributions %.3g (max |EG| %.3g)%n", label,
                        Differences.maxAbs(ort, axiom), Differences.maxAbs(both.attributions(), eg),
                        Differences.maxAbs(eg, new float[eg.length]));
                assertThat(Differences.maxAbs(eg, new float[eg.length])).as("attributions are not trivially zero").isGreaterThan(1e-3);
            }
        }
    }

    // ------------------------------------------------------------------ graphs

    static Stream<Arguments> graphs() {
        return Stream.of(
                Arguments.of("resnet8 (ResNet builder default, batch norm)",
                        ResNet.builder().setInputShape(1, 28, 28).setOutputs(10).build(), false),
                Arguments.of("pools (overlapping, ceil mode, padding counted and not, dilation, asymmetric, ties)", pools(), true),
                Arguments.of("depthwise-se (depthwise conv, relu6, SE mul gating, grouped conv, pad, shift, scale)",
                        depthwiseSe(), false),
                Arguments.of("tabular-concat (concat, leakyrelu, clip, reshape, shift, scale, identity, pad, fan-out)",
                        tabularConcat(), false),
                Arguments.of("conv-geometry (dilation, asymmetric pads, leftover rows, 1x1 padded, lower-rank gate)",
                        convGeometry(), false));
    }

    /**
     * Max- and average-pools of every geometry side by side, on an input with ties; a row mean and
     * a column max added with broadcasting on both sides.
     */
    static Architecture pools() {
        return graph(new Shape(2, 8, 8),
                node("mp", new LayerSpec.MaxPool2d(ceil(3, 2, 1)), "x"),
                node("mp.dilated", new LayerSpec.MaxPool2d(window(2, 2, 1, 1, 0, 0, 0, 0, 2, 2, false)), "x"),
                node("mp.overlap", new LayerSpec.MaxPool2d(Window2d.square(3, 2, 1)), "x"),
                node("c", new LayerSpec.Conv2d(4, 3, 1, 1), "x"),
                node("lr", new LayerSpec.LeakyRelu(0.1), "c"),
                node("ap.in", new LayerSpec.AvgPool2d(Window2d.square(3, 2, 1), true), "lr"),
                node("ap.ex", new LayerSpec.AvgPool2d(Window2d.square(3, 2, 1), false), "lr"),
                node("ap.ceil", new LayerSpec.AvgPool2d(ceil(3, 2, 0), false), "lr"),
                node("apc.in", new LayerSpec.AvgPool2d(ceil(3, 2, 1), true), "lr"),
                node("apc.ex", new LayerSpec.AvgPool2d(ceil(3, 2, 1), false), "lr"),
                node("mp.everything", new LayerSpec.MaxPool2d(window(3, 2, 2, 1, 1, 0, 1, 1, 2, 3, true)), "x"),
                node("ap.asym.in", new LayerSpec.AvgPool2d(window(2, 3, 1, 2, 1, 0, 0, 1, 1, 1, false), true), "lr"),
                node("ap.asym.ex", new LayerSpec.AvgPool2d(window(2, 3, 1, 2, 1, 0, 0, 1, 1, 1, false), false), "lr"),
                node("rows", new LayerSpec.AvgPool2d(window(8, 1, 8, 1, 0, 0, 0, 0, 1, 1, false), false), "lr"),
                node("cols", new LayerSpec.MaxPool2d(window(1, 8, 1, 8, 0, 0, 0, 0, 1, 1, false)), "lr"),
                node("rows+cols", new LayerSpec.Add(), "rows", "cols"),
                node("cat4", new LayerSpec.Concat(0), "ap.in", "ap.ex", "ap.ceil", "mp.overlap"),
                node("cat5", new LayerSpec.Concat(0), "apc.in", "apc.ex", "mp"),
                node("cat.asym", new LayerSpec.Concat(0), "ap.asym.in", "ap.asym.ex"),
                node("f4", new LayerSpec.Flatten(), "cat4"),
                node("f5", new LayerSpec.Flatten(), "cat5"),
                node("fd", new LayerSpec.Flatten(), "mp.dilated"),
                node("fe", new LayerSpec.Flatten(), "mp.everything"),
                node("fa", new LayerSpec.Flatten(), "cat.asym"),
                node("fb", new LayerSpec.Flatten(), "rows+cols"),
                node("features", new LayerSpec.Concat(0), "f4", "f5", "fd", "fe", "fa", "fb"),
                node("fc", new LayerSpec.Linear(4, true), "features"));
    }

    /** MobileNet-style: pad, depthwise conv, ReLU6, pointwise conv − BN − ReLU, SE gate, grouped conv, shift, scale. */
    static Architecture depthwiseSe() {
        return graph(new Shape(3, 8, 8),
                node("pad", new LayerSpec.Pad(List.of(0, 1, 0), List.of(0, 0, 1), 0.0), "x"),
                node("dw", new LayerSpec.Conv2d(3, Window2d.square(3, 1, 1), 3, true), "pad"),
                node("dw.relu6", new LayerSpec.Clip(0, 6), "dw"),
                node("pw", new LayerSpec.Conv2d(6, Window2d.square(1, 1, 0), 1, false), "dw.relu6"),
                node("pw.bn", new LayerSpec.BatchNorm(0.1, 1e-5), "pw"),
                node("pw.relu", act(ActivationKind.RELU), "pw.bn"),
                node("se.squeeze", new LayerSpec.GlobalAvgPool(), "pw.relu"),
                node("se.flat", new LayerSpec.Flatten(), "se.squeeze"),
                node("se.fc1", new LayerSpec.Linear(3, true), "se.flat"),
                node("se.relu", act(ActivationKind.RELU), "se.fc1"),
                node("se.fc2", new LayerSpec.Linear(6, true), "se.relu"),
                node("se.gate", act(ActivationKind.SIGMOID), "se.fc2"),
                node("se.shape", new LayerSpec.Reshape(new Shape(6, 1, 1)), "se.gate"),
                node("se.excite", new LayerSpec.Mul(), "pw.relu", "se.shape"),
                node("grouped", new LayerSpec.Conv2d(6, window(3, 3, 2, 2, 1, 0, 0, 1, 1, 1, false), 2, true), "se.excite"),
                node("shift", new LayerSpec.Shift(new Shape(6, 1, 1), true), "grouped"),
                node("scale", new LayerSpec.Scale(new Shape(), true), "shift"),
                node("scale.frozen", new LayerSpec.Scale(new Shape(1, 6, 4, 4), false), "scale"),
                node("gap", new LayerSpec.GlobalAvgPool(), "scale.frozen"),
                node("flat", new LayerSpec.Flatten(), "gap"),
                node("fc", new LayerSpec.Linear(3, true), "flat"));
    }

    /** Branches of a tabular input (read by four nodes) concatenated, gated and padded. */
    static Architecture tabularConcat() {
        return graph(new Shape(10),
                node("a", new LayerSpec.Linear(8, true), "x"),
                node("a.act", new LayerSpec.LeakyRelu(0.2), "a"),
                node("b", new LayerSpec.Linear(6, true), "x"),
                node("b.clip", new LayerSpec.Clip(Double.NEGATIVE_INFINITY, 0.5), "b"),
                node("c", new LayerSpec.Reshape(new Shape(2, 5)), "x"),
                node("c.shift", new LayerSpec.Shift(new Shape(2, 1), true), "c"),
                node("c.flat", new LayerSpec.Flatten(), "c.shift"),
                node("cat", new LayerSpec.Concat(0), "a.act", "b.clip", "c.flat", "x"),
                node("id", new LayerSpec.Identity(), "cat"),
                node("scale", new LayerSpec.Scale(new Shape(34), true), "id"),
                node("gate", act(ActivationKind.SIGMOID), "cat"),
                node("gated", new LayerSpec.Mul(), "scale", "gate"),
                node("square", new LayerSpec.Mul(), "gated", "gated"),
                node("sum", new LayerSpec.Add(), "square", "gated"),
                node("pad", new LayerSpec.Pad(List.of(1), List.of(2), 0.3), "sum"),
                node("fc", new LayerSpec.Linear(3, true), "pad"));
    }

    /**
     * Grouped conv with dilation, stride 2×3 and asymmetric padding leaving a column unread; a 1×1
     * conv padded by 1; clip with no upper bound; a per-column gate of lower rank than the image
     * (a {@code (W)} vector broadcast over channels and rows); concat on the width axis.
     */
    static Architecture convGeometry() {
        return graph(new Shape(2, 10, 11),
                node("g", new LayerSpec.Conv2d(4, window(3, 2, 2, 3, 1, 0, 0, 1, 2, 1, false), 2, true), "x"),
                node("g.relu", act(ActivationKind.RELU), "g"),
                node("one", new LayerSpec.Conv2d(4, Window2d.square(1, 1, 1), 1, true), "g.relu"),
                node("one.clip", new LayerSpec.Clip(-0.2, Double.POSITIVE_INFINITY), "one"),
                node("flat", new LayerSpec.Flatten(), "x"),
                node("columns", new LayerSpec.Linear(6, true), "flat"),
                node("columns.gate", act(ActivationKind.SIGMOID), "columns"),
                node("gated", new LayerSpec.Mul(), "one.clip", "columns.gate"),
                node("wide", new LayerSpec.Concat(2), "gated", "one"),
                node("s2", new LayerSpec.Conv2d(3, 3, 2, 0), "wide"),
                node("f", new LayerSpec.Flatten(), "s2"),
                node("fc", new LayerSpec.Linear(3, true), "f"));
    }

    private static Architecture graph(Shape input, Node... nodes) {
        return new Architecture(input, "x", List.of(nodes), nodes[nodes.length - 1].name());
    }

    private static Node node(String name, LayerSpec spec, String... inputs) {
        return new Node(name, spec, inputs);
    }

    private static LayerSpec act(ActivationKind kind) {
        return new LayerSpec.Activation(kind);
    }

    private static Window2d ceil(int kernel, int stride, int padding) {
        return new Window2d(kernel, kernel, stride, stride, padding, padding, padding, padding, 1, 1, true);
    }

    private static Window2d window(int kh, int kw, int sh, int sw, int top, int left, int bottom, int right,
            int dh, int dw, boolean ceil) {
        return new Window2d(kh, kw, sh, sw, top, left, bottom, right, dh, dw, ceil);
    }

    /** The concrete layer kinds: {@link LayerSpec}'s permitted records, recursing into sealed sub-interfaces. */
    private static Set<Class<?>> concreteKinds() {
        Set<Class<?>> kinds = new LinkedHashSet<>();
        List<Class<?>> open = new ArrayList<>(List.of(LayerSpec.class));
        while (!open.isEmpty()) {
            Class<?> c = open.remove(open.size() - 1);
            if (c.isSealed()) {
                open.addAll(List.of(c.getPermittedSubclasses()));
            } else {
                kinds.add(c);
            }
        }
        assertThat(kinds).contains(LayerSpec.Linear.class, LayerSpec.Concat.class);
        return kinds;
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
