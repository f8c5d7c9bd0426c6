package dev.axiom.prior;

import ai.djl.ndarray.NDArray;
import dev.axiom.nn.Network;

/**
 * What a prior may need besides the attributions.
 *
 * @param network the model (for parameter penalties)
 * @param mask per-sample mask of features that must not matter, shape of the attributions (for
 *     right-for-the-right-reasons; may be null)
 * @param importance how the global importance {@code φ̄} is formed
 */
public record PriorContext(Network network, NDArray mask, GlobalImportance importance) {

    /** A context with the batch estimate of {@code φ̄} and no mask. */
    public static PriorContext of(Network network) {
        return new PriorContext(network, null, GlobalImportance.batchMean());
    }

    /** This context with {@code mask}. */
    public PriorContext withMask(NDArray mask) {
        return new PriorContext(network, mask, importance);
    }

    /** This context with another estimator of {@code φ̄}. */
    public PriorContext withImportance(GlobalImportance importance) {
        return new PriorContext(network, mask, importance);
    }

    /** {@code φ̄} for {@code attributions}. */
    public NDArray globalImportance(NDArray attributions) {
        return importance.of(attributions);
    }
}
