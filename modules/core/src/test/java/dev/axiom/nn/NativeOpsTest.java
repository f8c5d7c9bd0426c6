package dev.axiom.nn;

import static dev.axiom.nn.GraphFixtures.ceil;
import static dev.axiom.nn.GraphFixtures.conv;
import static dev.axiom.nn.GraphFixtures.window;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.axiom.tensor.Autograd;
import dev.axiom.tensor.Rng;
import dev.axiom.tensor.Tensors;
import dev.axiom.testing.Arrays64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The layers whose forward pass Axiom writes itself (convolution geometry, pooling as gathers and
 * depthwise convolutions, leaky ReLU and clip as masked products) against PyTorch's own operators:
 * the outputs and the input gradients (Axiom's rule vs PyTorch's autograd of its operator) agree to
 * 1e-5. {@code LayerRulesTest} proves each rule is the adjoint of Axiom's forward; this proves the
 * forward is PyTorch's (for the geometries PyTorch's operators accept: symmetric padding).
 */
class NativeOpsTest {

    /** PyTorch's operator for a one-layer network {@code net} on {@code x}. */
    @FunctionalInterface
    interface Native {
        NDArray apply(NDArray x, Network net);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                conv2d("conv2d-grouped", new Shape(4, 7, 7), conv(6, Window2d.square(3, 1, 1), 2, true)),
                conv2d("conv2d-depthwise", new Shape(3, 6, 6), conv(3, Window2d.square(3, 1, 1), 3, true)),
                conv2d("conv2d-depthwise-stride2", new Shape(3, 7, 7), conv(6, Window2d.square(3, 2, 1), 3, false)),
                conv2d("conv2d-dilation2", new Shape(2, 9, 9), conv(3, window(3, 3, 1, 1, 2, 2, 2, 2, 2, 2, false), 1, true)),
                conv2d("conv2d-s2-leftover", new Shape(2, 10, 9), conv(3, Window2d.square(3, 2, 0), 1, true)),
                conv2d("conv2d-stride2x3-dilation2x1", new Shape(2, 10, 12),
                        conv(3, window(3, 2, 2, 3, 1, 0, 1, 0, 2, 1, false), 1, false)),
                maxPool("maxpool-overlapping", new Shape(2, 8, 8), Window2d.square(3, 2, 1), false),
                maxPool("maxpool-overlapping-ties", new Shape(2, 8, 8), Window2d.square(3, 1, 1), true),
                maxPool("maxpool-ceil", new Shape(2, 8, 8), ceil(3, 2, 0), false),
                maxPool("maxpool-ceil-padded", new Shape(2, 8, 9), ceil(3, 2, 1), true),
                maxPool("maxpool-rectangular", new Shape(2, 7, 9), window(2, 3, 1, 2, 0, 0, 0, 0, 1, 1, false), false),
                avgPool("avgpool-include-pad", new Shape(2, 7, 8), Window2d.square(3, 2, 1), true),
                avgPool("avgpool-exclude-pad", new Shape(2, 7, 8), Window2d.square(3, 2, 1), false),
                avgPool("avgpool-ceil", new Shape(2, 8, 8), ceil(3, 2, 0), false),
                avgPool("avgpool-ceil-padded-include-pad", new Shape(2, 8, 9), ceil(3, 2, 1), true),
                avgPool("avgpool-ceil-padded-exclude-pad", new Shape(2, 8, 9), ceil(3, 2, 1), false),
                avgPool("avgpool-disjoint-leftover", new Shape(2, 7, 8), Window2d.square(2, 2, 0), false),
                Arguments.of("gap", new Shape(3, 4, 5), new LayerSpec.GlobalAvgPool(), false,
                        (Native) (x, net) -> x.mean(new int[] {3}, true).mean(new int[] {2}, true)),
                Arguments.of("leakyrelu", new Shape(3, 4, 5), new LayerSpec.LeakyRelu(0.1), false,
                        (Native) (x, net) -> JniUtils.leakyRelu((PtNDArray) x, 0.1)),
                Arguments.of("clip", new Shape(20), new LayerSpec.Clip(-0.5, 0.7), false,
                        (Native) (x, net) -> x.clip(-0.5f, 0.7f)),
                Arguments.of("clip-no-min", new Shape(20), new LayerSpec.Clip(Double.NEGATIVE_INFINITY, 0.3), false,
                        (Native) (x, net) -> x.clip(-Float.MAX_VALUE, 0.3f)));
    }

    private static Arguments conv2d(String name, Shape input, LayerSpec.Conv2d spec) {
        Window2d w = spec.window();
        assertThat(w.padTop() == w.padBottom() && w.padLeft() == w.padRight()).as("PyTorch pads symmetrically").isTrue();
        Native op = (x, net) -> Conv2d.conv2d(x, net.array("0.conv2d.weight").orElseThrow().array(),
                        spec.bias() ? net.array("0.conv2d.bias").orElseThrow().array() : null,
                        new Shape(w.strideHeight(), w.strideWidth()), new Shape(w.padTop(), w.padLeft()),
                        new Shape(w.dilationHeight(), w.dilationWidth()), spec.groups())
                .singletonOrThrow();
        return Arguments.of(name, input, spec, false, op);
    }

    private static Arguments maxPool(String name, Shape input, Window2d w, boolean ties) {
        Native op = (x, net) -> JniUtils.maxPool((PtNDArray) x, new Shape(w.kernelHeight(), w.kernelWidth()),
                new Shape(w.strideHeight(), w.strideWidth()), new Shape(w.padTop(), w.padLeft()), w.ceil());
        return Arguments.of(name, input, new LayerSpec.MaxPool2d(w), ties, op);
    }

    /**
     * PyTorch's average pool. DJL's binding ignores {@code count_include_pad = false} (it always
     * counts the padding), so the excluding average is written as the ratio of two including ones:
     * {@code avg(x) / avg(1)} is the window's sum over its count of real pixels.
     */
    private static Arguments avgPool(String name, Shape input, Window2d w, boolean includePad) {
        Native op = (x, net) -> {
            NDArray including = including(x, w);
            return includePad ? including : including.div(including(x.onesLike(), w));
        };
        return Arguments.of(name, input, new LayerSpec.AvgPool2d(w, includePad), false, op);
    }

    private static NDArray including(NDArray x, Window2d w) {
        return JniUtils.avgPool((PtNDArray) x, new Shape(w.kernelHeight(), w.kernelWidth()),
                new Shape(w.strideHeight(), w.strideWidth()), new Shape(w.padTop(), w.padLeft()), w.ceil(), true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardAndRuleAreThoseOfPyTorchsOperator(String name, Shape input, LayerSpec spec, boolean ties, Native op) {
        try (NDManager manager = NDManager.newBaseManager();
                Network net = Network.create(new Architecture(input, List.of(spec)), manager.newSubManager(),
                        DataType.FLOAT32, 3);
                NDScope scope = new NDScope()) {
            GraphFixtures.randomise(net, new Random(5), 0.2);
            Rng rng = new Rng(13);
            Shape batch = new Shape(3).addAll(input);
            float[] values = new float[Math.toIntExact(batch.size())];
            for (int i = 0; i < values.length; i++) {
                double v = rng.nextGaussian();
                values[i] = (float) (ties ? Math.round(v * 2) / 2.0 : v); // ties: many equal values per window
            }
            NDArray x = Tensors.owned(manager.create(values, batch));
            NDArray xNative = x.duplicate();
            x.setRequiresGradient(true);
            xNative.setRequiresGradient(true);
            double[][] results = Autograd.recording(() -> {
                NetworkPass pass = net.forward(x, ForwardMode.inference());
                NDArray seed = Arrays64.normal(manager, rng, pass.output().getShape(), DataType.FLOAT32);
                NDArray expected = op.apply(xNative, net);
                assertThat(pass.output().getShape()).as("output shape").isEqualTo(expected.getShape());
                Autograd.backward(expected.mul(seed).sum());
                return new double[][] {
                    Arrays64.doubles(pass.output()), Arrays64.doubles(expected), Arrays64.doubles(pass.inputGradient(seed))
                };
            });
            double[] nativeGradient = Arrays64.doubles(xNative.getGradient());
            assertThat(Arrays64.maxAbsDiff(results[0], results[1])).as("max |Axiom − PyTorch| of the outputs").isLessThan(1e-5);
            assertThat(Arrays64.maxAbsDiff(results[2], nativeGradient))
                    .as("max |Axiom's rule − PyTorch's autograd| of the input gradient").isLessThan(1e-5);
            assertThat(Arrays64.maxAbsDiff(nativeGradient, new double[nativeGradient.length])).isGreaterThan(1e-3);
        }
    }
}
