package dev.axiom.prior;

import ai.djl.ndarray.NDArray;

/**
 * A prior Ω: a scalar, differentiable penalty on a batch of attributions {@code φ} (shape
 * {@code (N, features...)}), added to the training loss with a weight λ.
 *
 * <p>Priors that are defined on the global importance {@code φ̄_i = mean_ℓ |φ_i^ℓ|} (graph,
 * Gini) obtain it from {@link PriorContext#globalImportance}, so that the actor runtime can
 * substitute an estimate over all workers' batches. Priors on the parameters rather than the
 * attributions ({@link #needsAttributions()} false) receive {@code null} attributions.
 *
 * <p>To write a prior: implement {@link #penalty} with ordinary tensor operations, keep it
 * batch-size independent, and add a hand-computed case to {@code PriorsTest}.
 */
public interface Prior {

    /** The penalty as a scalar array, differentiable in the attributions and parameters. */
    NDArray penalty(NDArray attributions, PriorContext context);

    /** Whether the penalty reads attributions (false for parameter penalties). */
    default boolean needsAttributions() {
        return true;
    }

    /** Whether the penalty is defined on the global importance {@code φ̄}. */
    default boolean usesGlobalImportance() {
        return false;
    }

    /** Short description for reports, e.g. {@code gini}. */
    String describe();
}
