package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.List;

/** {@code y = x Wᵀ + b}. Input-gradient rule: {@code ∂S/∂x = g W}. */
final class LinearLayer implements Layer {

    private final Shape input;
    private final Parameter weight;
    private final Parameter bias;

    LinearLayer(Shape input, LayerSpec.Linear spec, ParameterFactory parameters) {
        if (input.dimension() != 1) {
            throw new IllegalArgumentException(
                    "layer "
                            + parameters.index()
                            + " (linear) needs a vector per sample, got per-sample shape "
                            + input
                            + "; put a flatten layer before it");
        }
        this.input = input;
        long fanIn = input.get(0);
        double bound = 1.0 / Math.sqrt(fanIn);
        this.weight =
                parameters.uniform(
                        kind(), Parameter.Role.WEIGHT, new Shape(spec.units(), fanIn), bound);
        this.bias =
                spec.bias()
                        ? parameters.uniform(
                                kind(), Parameter.Role.BIAS, new Shape(spec.units()), bound)
                        : null;
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
        return new Shape(weight.array().getShape().get(0));
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
        NDArray y = Linear.linear(x, w, bias == null ? null : bias.array()).singletonOrThrow();
        return new LayerPass() {
            @Override
            public NDArray output() {
                return y;
            }

            @Override
            public NDArray inputGradient(NDArray g) {
                return g.matMul(w);
            }
        };
    }
}
