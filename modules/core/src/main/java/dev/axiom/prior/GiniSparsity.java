package dev.axiom.prior;

import ai.djl.ndarray.NDArray;
import dev.axiom.tensor.Tensors;

/**
 * Sparsity prior: the negative Gini coefficient of the global importance,
 * {@code Ω = −G(φ̄)} with {@code G(φ̄) = Σ_i Σ_j |φ̄_i − φ̄_j| / (2 p Σ_i φ̄_i)}, computed in
 * {@code O(p log p)} from the sorted values: {@code G = Σ_i (2i − p − 1) φ̄_(i) / (p Σ_i φ̄_i)},
 * {@code i = 1..p} ascending. With this normalisation {@code G} is 0 for a uniform {@code φ̄} and
 * {@code (p − 1)/p} for a one-hot {@code φ̄}; the paper writes the same quantity with another
 * constant factor, which only rescales λ.
 */
public final class GiniSparsity implements Prior {

    private static final double TINY = 1e-12;

    @Override
    public NDArray penalty(NDArray attributions, PriorContext context) {
        return gini(context.globalImportance(attributions)).neg();
    }

    /** The Gini coefficient of a non-negative vector. */
    public static NDArray gini(NDArray values) {
        NDArray sorted = values.sort();
        long p = values.getShape().size();
        float[] coefficients = new float[Math.toIntExact(p)];
        for (int i = 0; i < p; i++) {
            coefficients[i] = 2f * (i + 1) - p - 1;
        }
        NDArray c = Tensors.owned(values.getManager().create(coefficients)).toType(values.getDataType(), false);
        return sorted.mul(c).sum().div(Tensors.plus(Tensors.times(values.sum(), p), TINY));
    }

    @Override
    public boolean usesGlobalImportance() {
        return true;
    }

    @Override
    public String describe() {
        return "gini";
    }
}
