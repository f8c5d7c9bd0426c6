package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.axiom.tensor.Tensors;

/**
 * {@code max(z, slope·z)}, written as {@code z ⊙ d} with the constant mask
 * {@code d = 1[z > 0] + slope·1[z ≤ 0]}. Input-gradient rule: {@code g ⊙ d}.
 */
final class LeakyReluLayer extends ElementwiseLayer {

    private final double slope;

    LeakyReluLayer(Shape shape, double slope) {
        super(shape);
        this.slope = slope;
    }

    @Override
    public String kind() {
        return "leakyrelu";
    }

    @Override
    public LayerPass forward(NDArray z, ForwardMode mode) {
        NDArray positive = z.gt(0).toType(z.getDataType(), false);
        NDArray d = Tensors.plus(Tensors.times(positive, 1 - slope), slope);
        return LayerPass.unary(z.mul(d), g -> g.mul(d));
    }
}
