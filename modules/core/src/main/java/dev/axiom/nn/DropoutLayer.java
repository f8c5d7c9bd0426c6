package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.tensor.Rng;
import dev.axiom.tensor.Tensors;

/**
 * Inverted dropout: in a pass with dropout on, each element is kept with probability {@code 1 − p}
 * and scaled by {@code 1 / (1 − p)}. Input-gradient rule: the same mask. Masks come from the pass's
 * seeded generator, so a pass is reproducible.
 */
final class DropoutLayer extends ElementwiseLayer {

    private final double rate;

    DropoutLayer(Shape shape, double rate) {
        super(shape);
        this.rate = rate;
    }

    @Override
    public String kind() {
        return "dropout";
    }

    @Override
    public LayerPass forward(NDArray x, ForwardMode mode) {
        if (!mode.dropout() || rate == 0) {
            return LayerPass.unary(x, g -> g);
        }
        NDArray mask = mask(x, mode.rng());
        NDArray y = x.mul(mask);
        return LayerPass.unary(y, g -> g.mul(mask));
    }

    private NDArray mask(NDArray x, Rng rng) {
        int n = Math.toIntExact(x.getShape().size());
        float keep = (float) (1.0 / (1.0 - rate));
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = rng.nextDouble() < rate ? 0f : keep;
        }
        NDArray mask = Tensors.owned(x.getManager().create(values, x.getShape()));
        return x.getDataType() == DataType.FLOAT32 ? mask : mask.toType(x.getDataType(), false);
    }
}
