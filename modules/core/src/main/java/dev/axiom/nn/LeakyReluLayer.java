package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.axiom.tensor.Tensors;

/**
 * {@code max(z, slope·z)}, written as {@code z ⊙ d} with the constant mask
 * {@code d = 1[z > 0] + slope·1[z ≤ 0]}. Input-gradient rule: {@code g ⊙ d}.
 */
final class LeakyReluLayer extends UnaryLayer {

    private final Shape shape;
    private final double slope;

    LeakyReluLayer(Shape shape, double slope) {
        this.shape = shape;
        this.slope = slope;
    }

    @Override
    public String kind() {
        return "leakyrelu";
    }

    @Override
    public Shape inputShape() {
        return shape;
    }

    @Override
    public Shape outputShape() {
        return shape;
    }

    @Override
    public LayerPass forward(NDArray z, ForwardMode mode) {
        NDArray positive = z.gt(0).toType(z.getDataType(), false);
        NDArray d = Tensors.plus(Tensors.times(positive, 1 - slope), slope);
        return LayerPass.unary(z.mul(d), g -> g.mul(d));
    }
}
