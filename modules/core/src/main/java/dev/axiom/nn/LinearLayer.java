package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code y = x Wᵀ + b}. Input-gradient rule: {@code ∂S/∂x = g W}. A transposed layer stores
 * {@code Wᵀ} (shape {@code (in, out)}) and computes {@code y = x Wᵀ + b} with it as it is.
 */
final class LinearLayer extends UnaryLayer {

    private final Shape input;
    private final boolean transposed;
    private final long units;
    private final Parameter weight;
    private final Parameter bias;

    LinearLayer(Shape input, LayerSpec.Linear spec, ParameterFactory parameters) {
        if (input.dimension() != 1) {
            throw new IllegalArgumentException(
                    parameters.where()
                            + " (linear) needs a vector per sample, got per-sample shape "
                            + input
                            + "; put a flatten layer before it");
        }
        this.input = input;
        this.transposed = spec.transposed();
        this.units = spec.units();
        long fanIn = input.get(0);
        double bound = 1.0 / Math.sqrt(fanIn);
        Shape shape = transposed ? new Shape(fanIn, units) : new Shape(units, fanIn);
        this.weight = parameters.uniform(Parameter.Role.WEIGHT, shape, bound);
        this.bias = spec.bias() ? parameters.uniform(Parameter.Role.BIAS, new Shape(units), bound) : null;
    }

    @Override
    public String kind() {
        return "linear";
    }

    @Override
    public Shape inputShape() {
        return input;
    }

    @Override
    public Shape outputShape() {
        return new Shape(units);
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
        if (transposed) {
            NDArray y = bias == null ? x.matMul(w) : x.matMul(w).add(bias.array());
            return LayerPass.unary(y, g -> g.matMul(w.transpose()));
        }
        NDArray y = Linear.linear(x, w, bias == null ? null : bias.array()).singletonOrThrow();
        return LayerPass.unary(y, g -> g.matMul(w));
    }
}
