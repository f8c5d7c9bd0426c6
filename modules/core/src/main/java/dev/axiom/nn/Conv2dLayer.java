package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.util.List;

/**
 * 2-D convolution. Input-gradient rule: the transposed convolution, written as an ordinary
 * convolution (the PyTorch engine of DJL implements no deconvolution): dilate the output gradient
 * with {@code stride − 1} zeros between elements, pad it with the rows and columns the forward
 * pass dropped, and convolve with the kernel flipped in both spatial axes and its two channel axes
 * swapped, with padding {@code kernel − 1 − padding}.
 */
final class Conv2dLayer implements Layer {

    private final Shape input;
    private final Shape output;
    private final LayerSpec.Conv2d spec;
    private final Parameter weight;
    private final Parameter bias;
    private final int leftoverRows;
    private final int leftoverCols;

    Conv2dLayer(Shape input, LayerSpec.Conv2d spec, ParameterFactory parameters) {
        if (input.dimension() != 3) {
            throw new IllegalArgumentException(
                    "layer "
                            + parameters.index()
                            + " (conv2d) needs (channels, height, width) per sample, got "
                            + input);
        }
        this.input = input;
        this.spec = spec;
        long channels = input.get(0);
        int k = spec.kernel();
        int s = spec.stride();
        int p = spec.padding();
        long h = input.get(1);
        long w = input.get(2);
        if (h + 2L * p < k || w + 2L * p < k) {
            throw new IllegalArgumentException(
                    "layer "
                            + parameters.index()
                            + " (conv2d): kernel "
                            + k
                            + " is larger than the padded input "
                            + input);
        }
        long outH = (h + 2L * p - k) / s + 1;
        long outW = (w + 2L * p - k) / s + 1;
        this.output = new Shape(spec.filters(), outH, outW);
        this.leftoverRows = (int) ((h + 2L * p - k) % s);
        this.leftoverCols = (int) ((w + 2L * p - k) % s);
        double bound = 1.0 / Math.sqrt(channels * k * k);
        this.weight =
                parameters.uniform(
                        kind(),
                        Parameter.Role.WEIGHT,
                        new Shape(spec.filters(), channels, k, k),
                        bound);
        this.bias =
                parameters.uniform(kind(), Parameter.Role.BIAS, new Shape(spec.filters()), bound);
    }

    @Override
    public String kind() {
        return "conv2d";
    }

    @Override
    public Shape inputShape() {
        return input;
    }

    @Override
    public Shape outputShape() {
        return output;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public LayerPass forward(NDArray x, ForwardMode mode) {
        Shape stride = new Shape(spec.stride(), spec.stride());
        Shape padding = new Shape(spec.padding(), spec.padding());
        NDArray w = weight.array();
        NDArray y = Conv2d.conv2d(x, w, bias.array(), stride, padding).singletonOrThrow();
        return new LayerPass() {
            @Override
            public NDArray output() {
                return y;
            }

            @Override
            public NDArray inputGradient(NDArray g) {
                return transposedConvolution(g, w);
            }
        };
    }

    private NDArray transposedConvolution(NDArray g, NDArray w) {
        NDArray spread = Spatial.dilate(g, spec.stride());
        spread = Spatial.padBottomRight(spread, leftoverRows, leftoverCols);
        NDArray kernel = w.flip(2, 3).transpose(1, 0, 2, 3);
        int pad = spec.kernel() - 1 - spec.padding();
        return Conv2d.conv2d(spread, kernel, null, new Shape(1, 1), new Shape(pad, pad))
                .singletonOrThrow();
    }
}
