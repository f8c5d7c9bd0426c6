package dev.axiom.nn;

import static dev.axiom.nn.GraphFixtures.act;
import static dev.axiom.nn.GraphFixtures.ceil;
import static dev.axiom.nn.GraphFixtures.conv;
import static dev.axiom.nn.GraphFixtures.graph;
import static dev.axiom.nn.GraphFixtures.node;
import static dev.axiom.nn.GraphFixtures.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.tensor.Autograd;
import dev.axiom.tensor.Rng;
import dev.axiom.tensor.Tensors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Graphs as architectures: a sequential stack written as explicit nodes computes bit for bit what
 * the stack computes; the graph checks name the offending node; the text form reads back to an
 * equal architecture (ResNet, odd quoted names, parameter-name overrides) and every layer kind's
 * text form reads back to the same spec.
 */
class GraphArchitectureTest {

    private static final Shape IMAGE = new Shape(1, 6, 6);
    private static final List<LayerSpec> STACK = List.of(
            new LayerSpec.Conv2d(3, 3, 1, 1),
            new LayerSpec.BatchNorm(0.1, 1e-5),
            act(ActivationKind.RELU),
            new LayerSpec.MaxPool2d(2),
            new LayerSpec.Flatten(),
            new LayerSpec.Linear(5, true),
            act(ActivationKind.TANH),
            new LayerSpec.Dropout(0.3),
            new LayerSpec.Linear(3, true));

    // ------------------------------------------------------------------ sequential stack as a graph

    @Test
    void aChainOfNodesWithTheDefaultNamesIsTheSequentialArchitecture() {
        Architecture stack = new Architecture(IMAGE, STACK);
        List<Node> nodes = new ArrayList<>();
        String previous = Architecture.INPUT;
        for (int i = 0; i < STACK.size(); i++) {
            String name = i + "." + Node.kindOf(STACK.get(i));
            nodes.add(new Node(name, STACK.get(i), previous));
            previous = name;
        }
        Architecture explicit = new Architecture(IMAGE, Architecture.INPUT, nodes, previous);
        assertThat(explicit).isEqualTo(stack);
        assertThat(explicit.sequential()).isTrue();
        assertThat(explicit.describe()).isEqualTo(stack.describe()).startsWith("(1, 6, 6) conv2d(3,3,1,1) batchnorm");
        assertThat(nodes.get(0).name()).isEqualTo("0.conv2d");
    }

    @Test
    void aStackWrittenAsRenamedNodesComputesBitForBitTheSameOutputsHeadAndGradients() {
        Architecture stack = new Architecture(IMAGE, STACK);
        String[] names = {"stem", "stem.bn", "stem.act", "pool", "flat", "fc1", "fc1.act", "drop", "fc2"};
        List<Node> nodes = new ArrayList<>();
        String previous = "pixels";
        for (int i = 0; i < STACK.size(); i++) {
            nodes.add(new Node(names[i], STACK.get(i), previous));
            previous = names[i];
        }
        Architecture renamed = new Architecture(IMAGE, "pixels", nodes, "fc2");
        assertThat(renamed.sequential()).isFalse();
        assertThat(renamed.describe()).startsWith("graph (1, 6, 6) pixels -> fc2: stem=conv2d(3,3,1,1) <pixels; ");
        try (NDManager manager = NDManager.newBaseManager();
                Network a = Network.create(stack, manager.newSubManager(), DataType.FLOAT32, 9);
                Network b = Network.create(renamed, manager.newSubManager(), DataType.FLOAT32, 9);
                NDScope scope = new NDScope()) {
            assertThat(b.state().stream().map(Parameter::name).toList()).startsWith("stem.weight", "stem.bias",
                    "stem.bn.scale", "stem.bn.shift", "stem.bn.running_mean", "stem.bn.running_var");
            assertThat(b.exportState().values()).zipSatisfy(a.exportState().values(),
                    (fb, fa) -> assertThat(fb).containsExactly(fa));
            float[] xs = new float[4 * 36];
            Rng rng = new Rng(3);
            for (int i = 0; i < xs.length; i++) {
                xs[i] = (float) rng.nextGaussian();
            }
            NDArray x = Tensors.owned(manager.create(xs, new Shape(4, 1, 6, 6)));
            float[][] ra = run(a, x);
            float[][] rb = run(b, x);
            for (int i = 0; i < ra.length; i++) {
                assertThat(rb[i]).as("output, head, then the parameter gradients: array %d", i).containsExactly(ra[i]);
            }
            // the training pass updated the running statistics identically
            assertThat(b.exportState().values()).zipSatisfy(a.exportState().values(),
                    (fb, fa) -> assertThat(fb).containsExactly(fa));
        }
    }

    /** Training-mode output, the head for a fixed seed, and the parameter gradients of a loss through the head. */
    private static float[][] run(Network net, NDArray x) {
        List<float[]> out = new ArrayList<>();
        Autograd.zeroGradients(net.parameterArrays());
        Autograd.recording(() -> {
            NetworkPass pass = net.forward(x, ForwardMode.training(new Rng(4)));
            NDArray seed = pass.output().onesLike().cumSum(1);
            NDArray head = pass.inputGradient(seed);
            out.add(pass.output().toFloatArray());
            out.add(head.toFloatArray());
            Autograd.backward(pass.output().sum().add(head.square().sum()));
            return null;
        });
        for (NDArray g : Autograd.gradients(net.parameterArrays())) {
            out.add(g.toFloatArray());
        }
        return out.toArray(float[][]::new);
    }

    // ------------------------------------------------------------------ validation

    @Test
    void anUnknownInputIsNamed() {
        assertThatThrownBy(() -> graph(new Shape(4),
                        node("a", new LayerSpec.Linear(3, true), "x"),
                        node("b", new LayerSpec.Add(), "a", "missing")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("node 'b' reads 'missing'")
                .hasMessageContaining("input 'x'");
    }

    @Test
    void readingALaterNodeIsAnUnknownInput() {
        assertThatThrownBy(() -> graph(new Shape(4),
                        node("a", new LayerSpec.Add(), "x", "b"),
                        node("b", new LayerSpec.Linear(4, true), "a")))
                .hasMessageContaining("node 'a' reads 'b', which is neither the input 'x' nor an earlier node");
    }

    @Test
    void duplicateNamesAreNamed() {
        assertThatThrownBy(() -> graph(new Shape(4),
                        node("a", new LayerSpec.Linear(3, true), "x"),
                        node("a", act(ActivationKind.RELU), "a")))
                .hasMessageContaining("named 'a'");
        assertThatThrownBy(() -> graph(new Shape(4), node("x", new LayerSpec.Linear(3, true), "x")))
                .as("a node named like the input")
                .hasMessageContaining("named 'x'");
    }

    @Test
    void anUnusedNodeIsNamed() {
        assertThatThrownBy(() -> new Architecture(new Shape(4), "x", List.of(
                        node("a", new LayerSpec.Linear(3, true), "x"),
                        node("dangling", act(ActivationKind.TANH), "a"),
                        node("out", new LayerSpec.Linear(2, true), "a")), "out"))
                .hasMessageContaining("node 'dangling' is not used by any other node and is not the output 'out'");
    }

    @Test
    void anOutputThatIsNotANodeIsNamed() {
        List<Node> nodes = List.of(node("a", new LayerSpec.Linear(3, true), "x"));
        assertThatThrownBy(() -> new Architecture(new Shape(4), "x", nodes, "nope"))
                .hasMessageContaining("the output 'nope' is not a node");
        assertThatThrownBy(() -> new Architecture(new Shape(4), "x", nodes, "x"))
                .as("the input is not an output")
                .hasMessageContaining("the output 'x' is not a node");
    }

    @Test
    void shapeErrorsOfAGraphNameTheNode() {
        Architecture notBroadcasting = graph(new Shape(3, 4, 5),
                node("a", new LayerSpec.Conv2d(2, 3, 1, 1), "x"),
                node("sum", new LayerSpec.Add(), "a", "x"));
        assertThatThrownBy(() -> Network.create(notBroadcasting, 1)).hasMessageContaining("node 'sum' (add)")
                .hasMessageContaining("do not broadcast");
        Architecture badConcat = graph(new Shape(3, 4, 5),
                node("a", new LayerSpec.Conv2d(2, 3, 2, 1), "x"),
                node("cat", new LayerSpec.Concat(0), "a", "x"));
        assertThatThrownBy(() -> Network.create(badConcat, 1)).hasMessageContaining("node 'cat' (concat)");
        Architecture badGroups = graph(new Shape(3, 4, 5), node("dw", conv(4, Window2d.square(3, 1, 1), 2, true), "x"));
        assertThatThrownBy(() -> Network.create(badGroups, 1)).hasMessageContaining("node 'dw' (conv2d)")
                .hasMessageContaining("not divisible by groups = 2");
        Architecture unaryTwice = graph(new Shape(4), node("t", act(ActivationKind.TANH), "x", "x"));
        assertThatThrownBy(() -> Network.create(unaryTwice, 1)).hasMessageContaining("node 't'")
                .hasMessageContaining("takes one input, got 2");
    }

    /** A pooling window wholly in the padding would give −∞ (max) or 0/0 (average): refused, as PyTorch and ONNX do. */
    @Test
    void poolingWindowsWhollyInThePaddingAreRefused() {
        for (LayerSpec pool : List.of(
                new LayerSpec.MaxPool2d(Window2d.square(2, 1, 2)),
                new LayerSpec.AvgPool2d(Window2d.square(2, 1, 2), false),
                new LayerSpec.AvgPool2d(window(1, 2, 1, 1, 0, 2, 0, 0, 1, 1, false), true),
                new LayerSpec.MaxPool2d(window(2, 2, 1, 1, 0, 0, 3, 0, 1, 1, false)),
                new LayerSpec.MaxPool2d(window(2, 1, 1, 1, 1, 0, 2, 0, 3, 1, false)))) { // dilation skips the one row
            Architecture arch = graph(new Shape(2, 1, 3), node("c", new LayerSpec.Conv2d(2, 1, 1, 0), "x"), node("pool", pool, "c"));
            assertThatThrownBy(() -> Network.create(arch, 1)).as("%s", pool)
                    .hasMessageContaining("node 'pool'").hasMessageContaining("wholly in the padding");
        }
        for (LayerSpec pool : List.of(
                new LayerSpec.MaxPool2d(Window2d.square(3, 2, 1)), new LayerSpec.MaxPool2d(ceil(3, 2, 1)),
                new LayerSpec.AvgPool2d(ceil(2, 2, 1), false), new LayerSpec.AvgPool2d(window(1, 3, 1, 1, 0, 1, 0, 1, 1, 1, false), true))) {
            try (Network net = Network.create(graph(new Shape(2, 4, 4), node("pool", pool, "x")), 1)) {
                assertThat(net.outputShape().get(0)).as("%s", pool).isEqualTo(2);
            }
        }
    }

    // ------------------------------------------------------------------ text form round trips

    @Test
    void theResNetBuildersGraphReadsBackEqual() {
        Architecture resnet = ResNet.builder().setInputShape(1, 28, 28).setOutputs(10).build();
        assertRoundTrip(resnet);
        assertThat(resnet.describe()).startsWith("graph (1, 28, 28) input -> fc: conv=conv2d(16,3,1,1,nobias) <input; "
                + "bn=batchnorm(0.1,1.0E-5){scale=bn.weight,shift=bn.bias} <conv; ");
        Architecture wide = ResNet.builder().setInputShape(3, 16, 16).setOutputs(4).optStemWidth(8)
                .optStages(List.of(new ResNet.Stage(8, 2, 1), new ResNet.Stage(12, 1, 2))).build();
        assertRoundTrip(wide);
    }

    @Test
    void oddNamesAreQuotedAndReadBack() {
        String[] odd = {"/layer1/conv:0", "has space", "semi;colon", "a=b", "<in>", "com,ma", "{brace}", "say \"hi\"",
            "back\\slash", "(paren)", "arrow->", "Ünïcode.名前"};
        List<Node> nodes = new ArrayList<>();
        String previous = "input:0";
        for (int i = 0; i < odd.length; i++) {
            LayerSpec spec = i % 2 == 0 ? new LayerSpec.Linear(4, true) : act(ActivationKind.TANH);
            nodes.add(new Node(odd[i], spec, previous));
            previous = odd[i];
        }
        nodes.add(new Node("join", new LayerSpec.Add(), previous, odd[0]));
        Architecture arch = new Architecture(new Shape(4), "input:0", nodes, "join");
        assertRoundTrip(arch);
        assertThat(arch.describe()).contains("\"/layer1/conv:0\"=linear(4) <\"input:0\"", "\"say \\\"hi\\\"\"");
        assertThat(LayerSpecs.parseArchitecture(arch.describe()).nodes().stream().map(Node::name))
                .contains(odd);
    }

    @Test
    void parameterNameOverridesReadBack() {
        Architecture arch = graph(new Shape(2, 5, 5),
                new Node("/features/0/Conv", conv(3, Window2d.square(3, 1, 1), 1, true), List.of("x"),
                        Map.of(Parameter.Role.WEIGHT, "features.0.weight", Parameter.Role.BIAS, "onnx::Conv_12")),
                new Node("bn", new LayerSpec.BatchNorm(0.1, 1e-5), List.of("/features/0/Conv"),
                        Map.of(Parameter.Role.SCALE, "bn.weight", Parameter.Role.SHIFT, "bn.bias",
                                Parameter.Role.RUNNING_MEAN, "bn mean", Parameter.Role.RUNNING_VAR, "bn;var")),
                new Node("c", new LayerSpec.Shift(new Shape(3, 1, 1), false), List.of("bn"),
                        Map.of(Parameter.Role.CONSTANT, "Constant_7:0")),
                node("flat", new LayerSpec.Flatten(), "c"),
                new Node("fc", new LayerSpec.Linear(2, true, true), List.of("flat"),
                        Map.of(Parameter.Role.WEIGHT, "fc.w", Parameter.Role.BIAS, "fc.b")));
        assertRoundTrip(arch);
        try (Network net = Network.create(LayerSpecs.parseArchitecture(arch.describe()), 1)) {
            assertThat(net.state().stream().map(Parameter::name)).containsExactly("features.0.weight", "onnx::Conv_12",
                    "bn.weight", "bn.bias", "bn mean", "bn;var", "Constant_7:0", "fc.w", "fc.b");
            assertThat(net.parameters().stream().map(Parameter::name)).doesNotContain("Constant_7:0", "bn mean");
        }
    }

    @Test
    void aGraphOfEveryNewKindReadsBackEqual() {
        Architecture arch = graph(new Shape(3, 8, 8),
                node("dw", conv(3, Window2d.square(3, 1, 1), 3, true), "x"),
                node("pw", conv(6, window(3, 2, 2, 1, 1, 0, 0, 1, 2, 1, false), 1, false), "dw"),
                node("lr", new LayerSpec.LeakyRelu(0.01), "pw"),
                node("clip", new LayerSpec.Clip(0, 6), "lr"),
                node("mp", new LayerSpec.MaxPool2d(ceil(3, 2, 1)), "clip"),
                node("ap", new LayerSpec.AvgPool2d(Window2d.square(3, 1, 1), true), "mp"),
                node("ap2", new LayerSpec.AvgPool2d(Window2d.square(3, 1, 1), false), "mp"),
                node("cat", new LayerSpec.Concat(0), "ap", "ap2"),
                node("pad", new LayerSpec.Pad(List.of(0, 1, 0), List.of(0, 0, 1), -0.5), "cat"),
                node("gap", new LayerSpec.GlobalAvgPool(), "pad"),
                node("gate", act(ActivationKind.SIGMOID), "gap"),
                node("mul", new LayerSpec.Mul(), "pad", "gate"),
                node("shift", new LayerSpec.Shift(new Shape(12, 1, 1), true), "mul"),
                node("scale", new LayerSpec.Scale(new Shape(), false), "shift"),
                node("id", new LayerSpec.Identity(), "scale"),
                node("add", new LayerSpec.Add(), "id", "mul"),
                node("flat", new LayerSpec.Reshape(new Shape(12 * 3 * 6)), "add"),
                node("fc", new LayerSpec.Linear(3, true), "flat"));
        assertRoundTrip(arch);
        try (Network net = Network.create(arch, 1)) {
            assertThat(net.outputShape()).isEqualTo(new Shape(3));
        }
    }

    /** Every layer kind's text form reads back to an equal spec (the cases cover every concrete kind). */
    @Test
    void everySpecsTextFormReadsBack() {
        List<LayerSpec> specs = List.of(
                new LayerSpec.Linear(5, true), new LayerSpec.Linear(3, false), new LayerSpec.Linear(4, true, true),
                new LayerSpec.Conv2d(16, 3, 1, 1), conv(16, Window2d.square(3, 2, 1), 1, false),
                conv(6, Window2d.square(3, 1, 1), 3, true), conv(4, window(3, 2, 2, 1, 1, 0, 0, 1, 2, 1, false), 2, false),
                conv(4, window(5, 5, 1, 1, 2, 2, 2, 2, 2, 2, false), 1, true),
                new LayerSpec.MaxPool2d(2), new LayerSpec.MaxPool2d(Window2d.square(3, 2, 1)),
                new LayerSpec.MaxPool2d(ceil(3, 2, 0)), new LayerSpec.MaxPool2d(window(3, 2, 2, 1, 1, 0, 1, 1, 2, 3, true)),
                new LayerSpec.AvgPool2d(2), new LayerSpec.AvgPool2d(Window2d.square(3, 2, 1), true),
                new LayerSpec.AvgPool2d(Window2d.square(3, 2, 1), false), new LayerSpec.AvgPool2d(ceil(3, 2, 1), true),
                new LayerSpec.AvgPool2d(ceil(2, 2, 0), false),
                new LayerSpec.GlobalAvgPool(),
                act(ActivationKind.RELU), act(ActivationKind.SOFTPLUS), act(ActivationKind.TANH), act(ActivationKind.SIGMOID),
                new LayerSpec.LeakyRelu(0.01), new LayerSpec.LeakyRelu(0.2),
                new LayerSpec.Clip(0, 6), new LayerSpec.Clip(-0.5, 1.5),
                new LayerSpec.Dropout(0.5), new LayerSpec.Flatten(), new LayerSpec.Reshape(new Shape(16, 7, 7)),
                new LayerSpec.BatchNorm(0.1, 1e-5), new LayerSpec.BatchNorm(0.01, 1e-3), new LayerSpec.Identity(),
                new LayerSpec.Pad(List.of(0, 1, 2), List.of(0, 2, 1), 0), new LayerSpec.Pad(List.of(2), List.of(1), -1.5),
                new LayerSpec.Shift(new Shape(3, 1, 1), true), new LayerSpec.Shift(new Shape(), false),
                new LayerSpec.Scale(new Shape(1, 3, 4, 5), true), new LayerSpec.Scale(new Shape(6), false),
                new LayerSpec.Add(), new LayerSpec.Mul(), new LayerSpec.Concat(0), new LayerSpec.Concat(2));
        Set<Class<?>> covered = new HashSet<>();
        for (LayerSpec spec : specs) {
            covered.add(spec.getClass());
            assertThat(LayerSpecs.parse(spec.toString())).as("parse(\"%s\")", spec).isEqualTo(spec);
        }
        assertThat(covered).containsAll(GraphFixtures.concreteKinds());
        assertThat(LayerSpecs.parse("relu6")).isEqualTo(new LayerSpec.Clip(0, 6));
        // a sequential stack of them (those that fit one after another) reads back too
        assertRoundTrip(new Architecture(new Shape(2, 9, 9), List.of(
                conv(4, window(3, 2, 2, 1, 1, 0, 0, 1, 2, 1, false), 2, false), new LayerSpec.LeakyRelu(0.2),
                new LayerSpec.MaxPool2d(ceil(3, 2, 1)), new LayerSpec.AvgPool2d(Window2d.square(3, 1, 1), true),
                new LayerSpec.Pad(List.of(0, 1, 1), List.of(0, 0, 1), 0.25), new LayerSpec.Scale(new Shape(4, 1, 1), false),
                new LayerSpec.Shift(new Shape(), true), new LayerSpec.Clip(-1, 1), new LayerSpec.Flatten(),
                new LayerSpec.Identity(), new LayerSpec.Linear(3, true))));
    }

    /**
     * Text forms that once did not read back: a clip with an infinite bound ({@code
     * clip(-Infinity,0.3)}, lower-cased by the parser), a 1×1 convolution with padding 1 (the
     * positional form refuses padding ≥ kernel, so it is written with keys), and an unpadded
     * average pool counting the padding (the flag is normalised away: it changes nothing).
     */
    @Test
    void textFormsThatOnceDidNotReadBack() {
        for (LayerSpec spec : List.of(
                new LayerSpec.Clip(Double.NEGATIVE_INFINITY, 0.3),
                new LayerSpec.Clip(-0.2, Double.POSITIVE_INFINITY),
                conv(3, Window2d.square(1, 1, 1), 1, true),
                new LayerSpec.AvgPool2d(Window2d.square(2, 2, 0), true))) {
            assertThat(LayerSpecs.parse(spec.toString())).as("parse(\"%s\")", spec).isEqualTo(spec);
        }
    }

    private static void assertRoundTrip(Architecture arch) {
        String text = arch.describe();
        Architecture back = LayerSpecs.parseArchitecture(text);
        assertThat(back).as(text).isEqualTo(arch);
        assertThat(back.describe()).isEqualTo(text);
    }
}
