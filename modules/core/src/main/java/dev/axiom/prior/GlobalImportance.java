package dev.axiom.prior;

import ai.djl.ndarray.NDArray;

/**
 * How the global importance {@code φ̄} (one value per feature) is formed from a batch's
 * attributions. The library's default is the batch estimate {@code mean_ℓ |φ^ℓ|}; the actor
 * runtime substitutes an estimate over all workers' batches.
 */
@FunctionalInterface
public interface GlobalImportance {

    /** {@code φ̄} for the attributions of a batch, shape {@code (features)}, differentiable. */
    NDArray of(NDArray attributions);

    /** {@code φ̄ = (1/N) Σ_ℓ |φ^ℓ|}, flattened to one value per feature. */
    static GlobalImportance batchMean() {
        return attributions -> batchMean(attributions);
    }

    /** The batch estimate {@code (1/N) Σ_ℓ |φ^ℓ|}, flattened. */
    static NDArray batchMean(NDArray attributions) {
        long n = attributions.getShape().get(0);
        return attributions.abs().reshape(n, -1).mean(new int[] {0});
    }
}
