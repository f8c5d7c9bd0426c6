package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Adds ({@code shift}) or multiplies by ({@code scale}) a constant broadcast to every sample, held
 * as a parameter of its own (trainable, or a frozen buffer). Input-gradient rule: the output
 * gradient (times the constant, for {@code scale}) summed over the axes broadcasting added.
 */
final class ConstantOperandLayer extends UnaryLayer {

    private final Shape input;
    private final Shape output;
    private final boolean product;
    private final Parameter constant;

    ConstantOperandLayer(Shape input, LayerSpec spec, boolean product, Shape shape, boolean trainable, ParameterFactory parameters) {
        String kind = product ? "scale" : "shift";
        Shape perSample = Broadcasting.perSample(shape, input);
        if (perSample.dimension() > input.dimension()) {
            throw new IllegalArgumentException(parameters.where() + " (" + kind + "): a constant of shape " + shape
                    + " has more axes than samples of shape " + input + " and a batch axis");
        }
        this.input = input;
        this.output = Broadcasting.of(List.of(input, perSample), parameters.where() + " (" + spec + ")");
        this.product = product;
        float initial = product ? 1f : 0f;
        Parameter.Role role = !trainable ? Parameter.Role.CONSTANT : product ? Parameter.Role.WEIGHT : Parameter.Role.BIAS;
        this.constant = trainable ? parameters.constant(role, shape, initial) : parameters.buffer(role, shape, initial);
    }

    @Override
    public String kind() {
        return product ? "scale" : "shift";
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
        return List.of(constant);
    }

    @Override
    public LayerPass forward(NDArray x, ForwardMode mode) {
        NDArray c = constant.array();
        NDArray y = product ? x.mul(c) : x.add(c);
        return LayerPass.unary(y, g -> Broadcasting.sumTo(product ? g.mul(c) : g, input));
    }
}
