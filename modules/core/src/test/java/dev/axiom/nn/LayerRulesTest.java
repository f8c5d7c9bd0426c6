package dev.axiom.nn;

import static dev.axiom.nn.GraphFixtures.act;
import static dev.axiom.nn.GraphFixtures.ceil;
import static dev.axiom.nn.GraphFixtures.conv;
import static dev.axiom.nn.GraphFixtures.graph;
import static dev.axiom.nn.GraphFixtures.node;
import static dev.axiom.nn.GraphFixtures.window;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.tensor.Autograd;
import dev.axiom.tensor.Rng;
import dev.axiom.tensor.Tensors;
import dev.axiom.testing.Arrays64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layer kind's input-gradient rule (the attribution head) against PyTorch autograd's
 * first-order input gradient, in float32, to 1e-5, in training, inference and smooth-ReLU modes:
 * single layers in every geometry, and the joins in small graphs (broadcasting add, SE-style mul
 * gating, concatenation, a tensor read by several nodes). The parameters are randomised (batch
 * norm, shift and scale are not identities). {@link #everyKindHasACase()} fails when a layer kind
 * is added without a case here.
 */
class LayerRulesTest {

    /** Edits the input values of a case in place (to put values exactly on a kink). */
    @FunctionalInterface
    interface Inputs {
        void edit(double[] values);

        Inputs GAUSSIAN = values -> {};
    }

    static Stream<Arguments> layers() {
        return Stream.of(
                // dense, activations, regularisation
                seq("linear", new Shape(7), new LayerSpec.Linear(5, true)),
                seq("linear-nobias", new Shape(7), new LayerSpec.Linear(3, false)),
                seq("linear-inxout", new Shape(7), new LayerSpec.Linear(4, true, true)),
                seq("relu", new Shape(11), act(ActivationKind.RELU)),
                seq("softplus", new Shape(11), act(ActivationKind.SOFTPLUS)),
                seq("tanh", new Shape(11), act(ActivationKind.TANH)),
                seq("sigmoid", new Shape(11), act(ActivationKind.SIGMOID)),
                seq("leakyrelu", new Shape(3, 4, 5), new LayerSpec.LeakyRelu(0.1)),
                seq("leakyrelu-steep", new Shape(11), new LayerSpec.LeakyRelu(-0.3)),
                seq("dropout", new Shape(13), new LayerSpec.Dropout(0.4)),
                seq("batchnorm-vector", new Shape(6), new LayerSpec.BatchNorm(0.1, 1e-5)),
                seq("batchnorm-image", new Shape(3, 4, 5), new LayerSpec.BatchNorm(0.1, 1e-5)),
                // clip: values exactly on the bounds, where the derivative is 0 (hardtanh's, relu6's)
                seq("clip", new Shape(4, 3, 3), onBounds(-0.5, 0.5), new LayerSpec.Clip(-0.5, 0.5)),
                seq("relu-relu6", new Shape(12), onBounds(0, 6), act(ActivationKind.RELU), new LayerSpec.Clip(0, 6)),
                seq("clip-no-min", new Shape(12), onBounds(0.3, 0.3), new LayerSpec.Clip(Double.NEGATIVE_INFINITY, 0.3)),
                seq("clip-no-max", new Shape(12), onBounds(-0.2, -0.2), new LayerSpec.Clip(-0.2, Double.POSITIVE_INFINITY)),
                // shapes
                seq("flatten", new Shape(2, 3, 4), new LayerSpec.Flatten()),
                seq("reshape-image", new Shape(2, 3, 4), new LayerSpec.Reshape(new Shape(4, 6)), act(ActivationKind.TANH)),
                seq("reshape-vector", new Shape(12), new LayerSpec.Reshape(new Shape(3, 2, 2)),
                        new LayerSpec.Conv2d(2, 2, 1, 0)),
                seq("identity", new Shape(5), new LayerSpec.Identity()),
                seq("identity-inside", new Shape(5), new LayerSpec.Linear(4, true), new LayerSpec.Identity(),
                        act(ActivationKind.TANH)),
                seq("pad-spatial", new Shape(2, 4, 4), new LayerSpec.Pad(List.of(0, 1, 2), List.of(0, 2, 1), 0),
                        new LayerSpec.Conv2d(3, 3, 1, 0)),
                seq("pad-channels", new Shape(2, 3, 3), new LayerSpec.Pad(List.of(1, 0, 0), List.of(2, 0, 0), 0.5),
                        new LayerSpec.Conv2d(2, 3, 1, 1)),
                seq("pad-vector", new Shape(6), new LayerSpec.Pad(List.of(2), List.of(1), -1), new LayerSpec.Linear(3, true)),
                // shift and scale: a parameter broadcast to the sample (trainable, frozen)
                seq("shift-channel", new Shape(3, 4, 5), new LayerSpec.Shift(new Shape(3, 1, 1), true),
                        act(ActivationKind.TANH)),
                seq("scale-channel", new Shape(3, 4, 5), new LayerSpec.Scale(new Shape(3, 1, 1), true)),
                seq("scale-channel-frozen", new Shape(3, 4, 5), new LayerSpec.Scale(new Shape(3, 1, 1), false)),
                seq("scale-scalar", new Shape(7), new LayerSpec.Scale(new Shape(), true)),
                seq("shift-scalar-frozen", new Shape(7), new LayerSpec.Shift(new Shape(), false), act(ActivationKind.SIGMOID)),
                seq("scale-lower-rank", new Shape(3, 4, 5), new LayerSpec.Scale(new Shape(4, 1), false)),
                seq("scale-with-batch-axis", new Shape(3, 4, 5), new LayerSpec.Scale(new Shape(1, 3, 4, 5), true)),
                seq("scale-expands-sample", new Shape(3, 1, 5), new LayerSpec.Scale(new Shape(3, 4, 1), true)),
                seq("shift-expands-sample", new Shape(3, 1, 5), new LayerSpec.Shift(new Shape(1, 4, 5), false),
                        act(ActivationKind.TANH)),
                seq("shift-vector", new Shape(6), new LayerSpec.Shift(new Shape(6), true), act(ActivationKind.SOFTPLUS)),
                // convolutions
                seq("conv2d-s1-p2", new Shape(2, 9, 9), new LayerSpec.Conv2d(3, 5, 1, 2)),
                seq("conv2d-s2-p1", new Shape(2, 8, 8), new LayerSpec.Conv2d(3, 3, 2, 1)),
                seq("conv2d-s2-p0-odd", new Shape(2, 9, 10), new LayerSpec.Conv2d(4, 4, 3, 0)),
                seq("conv2d-grouped", new Shape(4, 7, 7), conv(6, Window2d.square(3, 1, 1), 2, true)),
                seq("conv2d-depthwise", new Shape(3, 6, 6), conv(3, Window2d.square(3, 1, 1), 3, true)),
                seq("conv2d-depthwise-multiplier", new Shape(3, 6, 6), conv(6, Window2d.square(3, 2, 1), 3, false)),
                seq("conv2d-nobias", new Shape(2, 6, 6), conv(4, Window2d.square(3, 1, 1), 1, false)),
                seq("conv2d-dilation2", new Shape(2, 9, 9), conv(3, window(3, 3, 1, 1, 2, 2, 2, 2, 2, 2, false), 1, true)),
                seq("conv2d-dilation2-stride2", new Shape(2, 10, 11), conv(3, window(3, 2, 2, 2, 1, 0, 1, 0, 2, 3, false), 1, true)),
                seq("conv2d-asymmetric-pads", new Shape(2, 6, 7), conv(3, window(3, 2, 1, 1, 1, 0, 0, 1, 1, 1, false), 1, true)),
                seq("conv2d-asymmetric-pads-large", new Shape(2, 5, 5), conv(2, window(2, 2, 1, 1, 0, 3, 2, 0, 1, 1, false), 1, true)),
                seq("conv2d-1x1-padded", new Shape(2, 4, 4), conv(3, Window2d.square(1, 1, 1), 1, true)),
                seq("conv2d-s2-leftover", new Shape(2, 10, 9), conv(3, Window2d.square(3, 2, 0), 1, true)),
                seq("conv2d-stride2x3-leftover", new Shape(2, 10, 12), conv(3, window(3, 2, 2, 3, 0, 0, 0, 0, 1, 1, false), 1, true)),
                seq("conv2d-everything", new Shape(4, 11, 10), conv(6, window(3, 3, 2, 2, 2, 0, 1, 1, 2, 1, false), 2, false)),
                // max-pooling
                seq("maxpool-even", new Shape(3, 8, 8), new LayerSpec.MaxPool2d(2)),
                seq("maxpool-odd", new Shape(3, 7, 9), new LayerSpec.MaxPool2d(3)),
                seq("relu-maxpool-ties", new Shape(2, 6, 6), act(ActivationKind.RELU), new LayerSpec.MaxPool2d(2)),
                seq("maxpool-overlapping", new Shape(2, 8, 8), new LayerSpec.MaxPool2d(Window2d.square(3, 2, 1))),
                seq("relu-maxpool-overlapping-ties", new Shape(2, 7, 7), act(ActivationKind.RELU),
                        new LayerSpec.MaxPool2d(Window2d.square(3, 1, 1))),
                seq("maxpool-ceil", new Shape(2, 8, 8), new LayerSpec.MaxPool2d(ceil(3, 2, 0))),
                seq("maxpool-ceil-padded", new Shape(2, 8, 9), new LayerSpec.MaxPool2d(ceil(3, 2, 1))),
                seq("maxpool-dilation", new Shape(2, 7, 8), new LayerSpec.MaxPool2d(window(2, 2, 1, 1, 0, 0, 0, 0, 2, 2, false))),
                seq("maxpool-dilation-stride-padded", new Shape(2, 9, 9),
                        new LayerSpec.MaxPool2d(window(3, 2, 2, 1, 1, 0, 1, 1, 2, 3, true))),
                seq("maxpool-rectangular", new Shape(2, 7, 9), new LayerSpec.MaxPool2d(window(2, 3, 1, 2, 0, 0, 0, 0, 1, 1, false))),
                // average-pooling
                seq("avgpool", new Shape(3, 7, 8), new LayerSpec.AvgPool2d(2)),
                seq("avgpool-overlapping-include-pad", new Shape(2, 7, 8),
                        new LayerSpec.AvgPool2d(Window2d.square(3, 2, 1), true)),
                seq("avgpool-overlapping-exclude-pad", new Shape(2, 7, 8),
                        new LayerSpec.AvgPool2d(Window2d.square(3, 2, 1), false)),
                seq("avgpool-ceil", new Shape(2, 8, 8), new LayerSpec.AvgPool2d(ceil(3, 2, 0), false)),
                seq("avgpool-ceil-padded-include-pad", new Shape(2, 8, 9), new LayerSpec.AvgPool2d(ceil(3, 2, 1), true)),
                seq("avgpool-ceil-padded-exclude-pad", new Shape(2, 8, 9), new LayerSpec.AvgPool2d(ceil(3, 2, 1), false)),
                seq("avgpool-asymmetric-pads", new Shape(2, 6, 7),
                        new LayerSpec.AvgPool2d(window(2, 3, 1, 2, 1, 0, 0, 1, 1, 1, false), true)),
                seq("gap", new Shape(3, 4, 5), new LayerSpec.GlobalAvgPool()),
                seq("gap-flatten-linear", new Shape(3, 4, 5), new LayerSpec.GlobalAvgPool(), new LayerSpec.Flatten(),
                        new LayerSpec.Linear(2, true)),
                // joins, in graphs
                Arguments.of("add-broadcast-channel", graph(new Shape(3, 4, 5),
                        node("c", new LayerSpec.Conv2d(3, 3, 1, 1), "x"),
                        node("p", new LayerSpec.GlobalAvgPool(), "x"),
                        node("sum", new LayerSpec.Add(), "c", "p")), Inputs.GAUSSIAN),
                Arguments.of("add-mutual-broadcast", graph(new Shape(3, 4, 5),
                        node("rows", new LayerSpec.AvgPool2d(window(4, 1, 4, 1, 0, 0, 0, 0, 1, 1, false), false), "x"),
                        node("cols", new LayerSpec.MaxPool2d(window(1, 5, 1, 5, 0, 0, 0, 0, 1, 1, false)), "x"),
                        node("sum", new LayerSpec.Add(), "rows", "cols"),
                        node("prod", new LayerSpec.Mul(), "sum", "x")), Inputs.GAUSSIAN),
                Arguments.of("add-broadcast-lower-rank", graph(new Shape(3, 4, 5),
                        node("f", new LayerSpec.Flatten(), "x"),
                        node("v", new LayerSpec.Linear(5, true), "f"),
                        node("sum", new LayerSpec.Add(), "x", "v"),
                        node("t", act(ActivationKind.TANH), "sum")), Inputs.GAUSSIAN),
                Arguments.of("add-three", graph(new Shape(6),
                        node("a", new LayerSpec.Linear(6, true), "x"),
                        node("b", act(ActivationKind.TANH), "x"),
                        node("sum", new LayerSpec.Add(), "a", "x", "b")), Inputs.GAUSSIAN),
                Arguments.of("mul-se-gating", graph(new Shape(4, 5, 5),
                        node("c", new LayerSpec.Conv2d(4, 3, 1, 1), "x"),
                        node("r", act(ActivationKind.RELU), "c"),
                        node("squeeze", new LayerSpec.GlobalAvgPool(), "r"),
                        node("flat", new LayerSpec.Flatten(), "squeeze"),
                        node("fc1", new LayerSpec.Linear(2, true), "flat"),
                        node("fc1.relu", act(ActivationKind.RELU), "fc1"),
                        node("fc2", new LayerSpec.Linear(4, true), "fc1.relu"),
                        node("gate", act(ActivationKind.SIGMOID), "fc2"),
                        node("gate.shape", new LayerSpec.Reshape(new Shape(4, 1, 1)), "gate"),
                        node("excite", new LayerSpec.Mul(), "r", "gate.shape")), Inputs.GAUSSIAN),
                Arguments.of("mul-square-same-input-twice", graph(new Shape(6),
                        node("t", new LayerSpec.Linear(5, true), "x"),
                        node("sq", new LayerSpec.Mul(), "t", "t")), Inputs.GAUSSIAN),
                Arguments.of("concat-channels", graph(new Shape(2, 5, 5),
                        node("a", new LayerSpec.Conv2d(3, 3, 1, 1), "x"),
                        node("b", conv(2, Window2d.square(1, 1, 0), 1, false), "x"),
                        node("cat", new LayerSpec.Concat(0), "a", "b", "x"),
                        node("mix", new LayerSpec.Conv2d(2, 3, 1, 1), "cat")), Inputs.GAUSSIAN),
                Arguments.of("concat-width", graph(new Shape(2, 4, 3),
                        node("a", new LayerSpec.Conv2d(2, 3, 1, 1), "x"),
                        node("cat", new LayerSpec.Concat(2), "x", "a")), Inputs.GAUSSIAN),
                Arguments.of("concat-features", graph(new Shape(6),
                        node("a", new LayerSpec.Linear(4, true), "x"),
                        node("b", act(ActivationKind.TANH), "x"),
                        node("cat", new LayerSpec.Concat(0), "a", "b"),
                        node("out", new LayerSpec.Linear(3, true), "cat")), Inputs.GAUSSIAN),
                Arguments.of("fan-out-joined-back", graph(new Shape(6),
                        node("t", new LayerSpec.Linear(5, true), "x"),
                        node("left", act(ActivationKind.TANH), "t"),
                        node("right", act(ActivationKind.RELU), "t"),
                        node("right.scale", new LayerSpec.Scale(new Shape(5), true), "right"),
                        node("join", new LayerSpec.Add(), "left", "right.scale"),
                        node("out", new LayerSpec.Linear(3, true), "join")), Inputs.GAUSSIAN),
                Arguments.of("residual-block-bn", graph(new Shape(3, 6, 6),
                        node("conv1", conv(3, Window2d.square(3, 1, 1), 1, false), "x"),
                        node("bn1", new LayerSpec.BatchNorm(0.1, 1e-5), "conv1"),
                        node("relu1", act(ActivationKind.RELU), "bn1"),
                        node("conv2", conv(3, Window2d.square(3, 1, 1), 1, false), "relu1"),
                        node("bn2", new LayerSpec.BatchNorm(0.1, 1e-5), "conv2"),
                        node("add", new LayerSpec.Add(), "bn2", "x"),
                        node("relu2", act(ActivationKind.RELU), "add")), Inputs.GAUSSIAN));
    }

    private static Arguments seq(String name, Shape input, LayerSpec... layers) {
        return seq(name, input, Inputs.GAUSSIAN, layers);
    }

    private static Arguments seq(String name, Shape input, Inputs inputs, LayerSpec... layers) {
        return Arguments.of(name, new Architecture(input, List.of(layers)), inputs);
    }

    /** Every third value exactly {@code min}, every third plus one exactly {@code max}. */
    private static Inputs onBounds(double min, double max) {
        return values -> {
            for (int i = 0; i + 1 < values.length; i += 3) {
                values[i] = min;
                values[i + 1] = max;
            }
        };
    }

    @ParameterizedTest(name = "{0} (training mode)")
    @MethodSource("layers")
    void headMatchesAutogradInTrainingMode(String name, Architecture arch, Inputs inputs) {
        check(arch, inputs, true, 0);
    }

    @ParameterizedTest(name = "{0} (inference mode)")
    @MethodSource("layers")
    void headMatchesAutogradInInferenceMode(String name, Architecture arch, Inputs inputs) {
        check(arch, inputs, false, 0);
    }

    /** The cases with a ReLU: the smooth mode changes nothing else. */
    static Stream<Arguments> layersWithRelu() {
        return layers().filter(arguments -> ((Architecture) arguments.get()[1]).nodes().stream()
                .anyMatch(n -> n.spec() instanceof LayerSpec.Activation a && a.kind() == ActivationKind.RELU));
    }

    @ParameterizedTest(name = "{0} (ReLUs as softplus, the smooth copy attacks differentiate)")
    @MethodSource("layersWithRelu")
    void headMatchesAutogradWithSmoothRelu(String name, Architecture arch, Inputs inputs) {
        check(arch, inputs, false, 3.0);
    }

    /** The case list is exhaustive by construction: every concrete layer kind, and every activation, has a case. */
    @Test
    void everyKindHasACase() {
        Set<Class<?>> covered = new HashSet<>();
        Set<ActivationKind> activations = EnumSet.noneOf(ActivationKind.class);
        layers().forEach(arguments -> {
            for (Node n : ((Architecture) arguments.get()[1]).nodes()) {
                covered.add(n.spec().getClass());
                if (n.spec() instanceof LayerSpec.Activation a) {
                    activations.add(a.kind());
                }
            }
        });
        Set<Class<?>> kinds = GraphFixtures.concreteKinds();
        assertThat(kinds).as("the walk finds the kinds").contains(LayerSpec.Linear.class, LayerSpec.Concat.class);
        assertThat(covered).as("layer kinds with a case in LayerRulesTest.layers()").containsAll(kinds);
        assertThat(activations).containsExactlyInAnyOrder(ActivationKind.values());
    }

    private static void check(Architecture arch, Inputs inputs, boolean training, double softplusBeta) {
        try (NDManager manager = NDManager.newBaseManager();
                Network net = Network.create(arch, manager.newSubManager(), DataType.FLOAT32, 3);
                NDScope scope = new NDScope()) {
            GraphFixtures.randomise(net, new Random(17), 0.2);
            Rng rng = new Rng(11);
            Shape batch = new Shape(5).addAll(arch.inputShape());
            double[] values = new double[Math.toIntExact(batch.size())];
            for (int i = 0; i < values.length; i++) {
                values[i] = rng.nextGaussian();
            }
            inputs.edit(values);
            float[] floats = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                floats[i] = (float) values[i];
            }
            NDArray x = Tensors.owned(manager.create(floats, batch));
            x.setRequiresGradient(true);
            ForwardMode mode =
                    (training ? ForwardMode.trainingWithoutStatisticsUpdate(new Rng(5)) : ForwardMode.inference())
                            .withSoftplusRelu(softplusBeta);
            double[] head =
                    Autograd.recording(
                            () -> {
                                NetworkPass pass = net.forward(x, mode);
                                assertThat(pass.output().getShape())
                                        .isEqualTo(new Shape(5).addAll(net.outputShape()));
                                NDArray seed =
                                        Arrays64.normal(manager, rng, pass.output().getShape(), DataType.FLOAT32);
                                NDArray viaHead = pass.inputGradient(seed);
                                Autograd.backward(pass.output().mul(seed).sum());
                                return Arrays64.doubles(viaHead);
                            });
            double[] autograd = Arrays64.doubles(x.getGradient());
            assertThat(head).hasSameSizeAs(autograd);
            assertThat(Arrays64.maxAbsDiff(head, autograd))
                    .as("max |head − autograd|")
                    .isLessThan(1e-5);
            assertThat(Arrays64.maxAbsDiff(autograd, new double[autograd.length]))
                    .as("the gradient is not trivially zero")
                    .isGreaterThan(1e-3);
        }
    }
}
