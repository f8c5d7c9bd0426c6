package dev.axiom.attribution;

import ai.djl.ndarray.NDArray;
import dev.axiom.tensor.Rng;

/**
 * Where the references {@code x'} of expected gradients come from.
 *
 * <p>The result has {@code N·k} rows; row {@code ℓ·k + j} is the {@code j}-th reference of sample
 * {@code ℓ}.
 */
public interface ReferenceSource {

    /** {@code k} references for each sample of {@code x}. */
    NDArray references(NDArray x, int k, Rng rng);

    /** Short description for reports. */
    String describe();

    /** Whether the references are the batch itself (no data from elsewhere). */
    default boolean fromBatch() {
        return false;
    }

    /**
     * The batch itself, shifted: reference {@code j} of sample {@code ℓ} is sample
     * {@code (ℓ − j − 1) mod N} (no extra data reads; the paper's default during training).
     */
    static ReferenceSource shiftedBatch() {
        return new ShiftedBatch();
    }

    /**
     * Uniform draws with replacement from {@code pool} (for example the whole training set), an
     * array of shape {@code (n, features...)} that must stay open while the source is used.
     */
    static ReferenceSource sampled(NDArray pool) {
        return new SampledReferences(pool);
    }
}
