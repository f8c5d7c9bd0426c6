package dev.axiom.attribution;

import ai.djl.ndarray.NDArray;
import dev.axiom.nn.Network;

/**
 * An attribution method Φ: for a batch {@code x} it returns {@code φ} with {@code x}'s shape,
 * {@code φ_i^ℓ} being the contribution of feature {@code i} of sample {@code ℓ} to the explained
 * scalar ({@link Target}).
 *
 * <p>The result is computed through the network's attribution head, so it is an ordinary
 * differentiable function of the parameters: a prior {@code Ω(φ)} added to the loss is trained by
 * one ordinary backward pass. Arrays are left to the caller's {@code NDScope}.
 *
 * <p>Implementations are immutable and thread-safe; randomness comes from the context.
 */
public interface AttributionMethod {

    /**
     * Attributions for the batch {@code x}.
     *
     * @param network the model
     * @param x inputs {@code (N, features...)}
     * @param labels labels, needed by label-dependent targets (may be null otherwise)
     * @param target the explained scalar
     * @param context randomness and forward-pass behaviour
     */
    NDArray attribute(
            Network network, NDArray x, NDArray labels, Target target, AttributionContext context);

    /**
     * Whether {@code Σ_i φ_i = S(x) − S(baseline)} holds (integrated gradients) or holds in
     * expectation (expected gradients).
     */
    default boolean satisfiesCompleteness() {
        return false;
    }

    /** Short description for reports, e.g. {@code expected-gradients(k=1, shifted-batch)}. */
    String describe();
}
