package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Reshapes each sample (flatten, reshape, identity). Input-gradient rule: reshape back.
 */
final class ReshapeLayer extends UnaryLayer {

    private final String kind;
    private final Shape input;
    private final Shape output;

    ReshapeLayer(String kind, Shape input, Shape output, String where) {
        if (input.size() != output.size()) {
            throw new IllegalArgumentException(where + " (" + kind + ") cannot reshape " + input + " ("
                    + input.size() + " values) to " + output + " (" + output.size() + " values)");
        }
        this.kind = kind;
        this.input = input;
        this.output = output;
    }

    @Override
    public String kind() {
        return kind;
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
    public LayerPass forward(NDArray x, ForwardMode mode) {
        if (input.equals(output)) {
            return LayerPass.unary(x, g -> g);
        }
        Shape batchShape = x.getShape();
        NDArray y = x.reshape(new Shape(batchShape.get(0)).addAll(output));
        return LayerPass.unary(y, g -> g.reshape(batchShape));
    }
}
