package dev.axiom.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.tensor.Autograd;
import dev.axiom.tensor.Rng;
import dev.axiom.testing.Arrays64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layer kind's input-gradient rule (the attribution head) against PyTorch autograd's
 * first-order input gradient, in float32, to 1e-5.
 */
class LayerRulesTest {

    static Stream<Arguments> layers() {
        return Stream.of(
                Arguments.of("linear", new Shape(7), List.of(new LayerSpec.Linear(5, true))),
                Arguments.of("linear-nobias", new Shape(7), List.of(new LayerSpec.Linear(3, false))),
                Arguments.of("conv2d-s1-p2", new Shape(2, 9, 9), List.of(new LayerSpec.Conv2d(3, 5, 1, 2))),
                Arguments.of("conv2d-s2-p1", new Shape(2, 8, 8), List.of(new LayerSpec.Conv2d(3, 3, 2, 1))),
                Arguments.of("conv2d-s2-p0-odd", new Shape(2, 9, 10), List.of(new LayerSpec.Conv2d(4, 4, 3, 0))),
                Arguments.of("relu", new Shape(11), List.of(act(ActivationKind.RELU))),
                Arguments.of("softplus", new Shape(11), List.of(act(ActivationKind.SOFTPLUS))),
                Arguments.of("tanh", new Shape(11), List.of(act(ActivationKind.TANH))),
                Arguments.of("sigmoid", new Shape(11), List.of(act(ActivationKind.SIGMOID))),
                Arguments.of("maxpool-even", new Shape(3, 8, 8), List.of(new LayerSpec.MaxPool2d(2))),
                Arguments.of("maxpool-odd", new Shape(3, 7, 9), List.of(new LayerSpec.MaxPool2d(3))),
                Arguments.of(
                        "relu-maxpool-ties",
                        new Shape(2, 6, 6),
                        List.of(act(ActivationKind.RELU), new LayerSpec.MaxPool2d(2))),
                Arguments.of("avgpool", new Shape(3, 7, 8), List.of(new LayerSpec.AvgPool2d(2))),
                Arguments.of("dropout", new Shape(13), List.of(new LayerSpec.Dropout(0.4))),
                Arguments.of("flatten", new Shape(2, 3, 4), List.of(new LayerSpec.Flatten())),
                Arguments.of("batchnorm-vector", new Shape(6), List.of(new LayerSpec.BatchNorm(0.1, 1e-5))),
                Arguments.of("batchnorm-image", new Shape(3, 4, 5), List.of(new LayerSpec.BatchNorm(0.1, 1e-5))));
    }

    private static LayerSpec act(ActivationKind kind) {
        return new LayerSpec.Activation(kind);
    }

    @ParameterizedTest(name = "{0} (training mode)")
    @MethodSource("layers")
    void headMatchesAutogradInTrainingMode(String name, Shape input, List<LayerSpec> specs) {
        check(input, specs, true);
    }

    @ParameterizedTest(name = "{0} (inference mode)")
    @MethodSource("layers")
    void headMatchesAutogradInInferenceMode(String name, Shape input, List<LayerSpec> specs) {
        check(input, specs, false);
    }

    @ParameterizedTest(name = "{0} (ReLUs as softplus, the smooth copy attacks differentiate)")
    @MethodSource("layers")
    void headMatchesAutogradWithSmoothRelu(String name, Shape input, List<LayerSpec> specs) {
        check(input, specs, false, 3.0);
    }

    private static void check(Shape input, List<LayerSpec> specs, boolean training) {
        check(input, specs, training, 0);
    }

    private static void check(Shape input, List<LayerSpec> specs, boolean training, double softplusBeta) {
        Architecture arch = new Architecture(input, specs);
        try (NDManager manager = NDManager.newBaseManager();
                Network net = Network.create(arch, manager.newSubManager(), DataType.FLOAT32, 3);
                NDScope scope = new NDScope()) {
            Rng rng = new Rng(11);
            NDArray x = Arrays64.normal(manager, rng, new Shape(5).addAll(input), DataType.FLOAT32);
            x.setRequiresGradient(true);
            ForwardMode mode =
                    (training ? ForwardMode.trainingWithoutStatisticsUpdate(new Rng(5)) : ForwardMode.inference())
                            .withSoftplusRelu(softplusBeta);
            double[] head =
                    Autograd.recording(
                            () -> {
                                NetworkPass pass = net.forward(x, mode);
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
