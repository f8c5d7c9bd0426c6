package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * 2-D convolution, possibly strided, dilated, asymmetrically padded and grouped (depthwise when
 * {@code groups} equals the channels). Input-gradient rule: the transposed convolution with the
 * same weights ({@link Spatial#convolveTransposed}), written as an ordinary convolution.
 */
final class Conv2dLayer extends UnaryLayer {

    private final Shape input;
    private final Shape output;
    private final LayerSpec.Conv2d spec;
    private final Parameter weight;
    private final Parameter bias;

    Conv2dLayer(Shape input, LayerSpec.Conv2d spec, ParameterFactory parameters) {
        if (input.dimension() != 3) {
            throw new IllegalArgumentException(
                    parameters.where() + " (conv2d) needs (channels, height, width) per sample, got " + input);
        }
        this.input = input;
        this.spec = spec;
        long channels = input.get(0);
        if (channels % spec.groups() != 0) {
            throw new IllegalArgumentException(parameters.where() + " (conv2d): " + channels
                    + " input channels are not divisible by groups = " + spec.groups());
        }
        Window2d window = spec.window();
        long outH = window.outputHeight(input.get(1));
        long outW = window.outputWidth(input.get(2));
        if (outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException(parameters.where() + " (conv2d): kernel "
                    + window.kernelHeight() + "x" + window.kernelWidth() + " is larger than the padded input " + input);
        }
        this.output = new Shape(spec.filters(), outH, outW);
        long fanIn = channels / spec.groups() * window.kernelHeight() * window.kernelWidth();
        double bound = 1.0 / Math.sqrt(fanIn);
        this.weight = parameters.uniform(Parameter.Role.WEIGHT,
                new Shape(spec.filters(), channels / spec.groups(), window.kernelHeight(), window.kernelWidth()), bound);
        this.bias = spec.bias() ? parameters.uniform(Parameter.Role.BIAS, new Shape(spec.filters()), bound) : null;
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
        List<Parameter> list = new ArrayList<>(2);
        list.add(weight);
        if (bias != null) {
            list.add(bias);
        }
        return list;
    }

    @Override
    public LayerPass forward(NDArray x, ForwardMode mode) {
        NDArray w = weight.array();
        NDArray y = Spatial.convolve(x, w, bias == null ? null : bias.array(), spec.window(), spec.groups());
        return LayerPass.unary(y,
                g -> Spatial.convolveTransposed(g, w, spec.window(), spec.groups(), input.get(1), input.get(2)));
    }
}
