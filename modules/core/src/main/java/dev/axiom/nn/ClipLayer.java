package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.axiom.tensor.Tensors;

/**
 * {@code min(max(z, lo), hi)} (ReLU6 is {@code clip(0,6)}), written as
 * {@code z ⊙ m + clip(z) ⊙ (1 − m)} with the constant mask {@code m = 1[lo < z < hi]} and the
 * clipped value held constant. Input-gradient rule: {@code g ⊙ m}, PyTorch's derivative of
 * {@code hardtanh} and {@code relu6} (0 at the bounds, as ReLU's is at 0).
 */
final class ClipLayer extends ElementwiseLayer {

    private final LayerSpec.Clip spec;

    ClipLayer(Shape shape, LayerSpec.Clip spec) {
        super(shape);
        this.spec = spec;
    }

    @Override
    public String kind() {
        return "clip";
    }

    @Override
    public LayerPass forward(NDArray z, ForwardMode mode) {
        NDArray constant = z.stopGradient();
        NDArray inside = above(constant, spec.min()).logicalAnd(below(constant, spec.max())).toType(z.getDataType(), false);
        NDArray clipped = clip(constant).mul(Tensors.plus(inside.neg(), 1));
        return LayerPass.unary(z.mul(inside).add(clipped), g -> g.mul(inside));
    }

    private NDArray clip(NDArray z) {
        NDArray out = z;
        if (spec.min() != Double.NEGATIVE_INFINITY) {
            out = Tensors.atLeast(out, spec.min());
        }
        if (spec.max() != Double.POSITIVE_INFINITY) {
            out = Tensors.atLeast(out.neg(), -spec.max()).neg();
        }
        return out;
    }

    private static NDArray above(NDArray z, double bound) {
        return bound == Double.NEGATIVE_INFINITY ? z.eq(z) : z.gt(Tensors.scalarLike(z, bound));
    }

    private static NDArray below(NDArray z, double bound) {
        return bound == Double.POSITIVE_INFINITY ? z.eq(z) : z.lt(Tensors.scalarLike(z, bound));
    }
}
