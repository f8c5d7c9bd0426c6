package dev.axiom.data;

import ai.djl.ndarray.NDArray;
import dev.axiom.tensor.Checks;

/**
 * A mini-batch: inputs, labels and, for right-for-the-right-reasons, a mask of the inputs' shape.
 *
 * @param x inputs {@code (N, features...)}
 * @param labels class indices {@code (N)} or targets {@code (N, outputs)}
 * @param mask features that must not matter, or null
 */
public record Batch(NDArray x, NDArray labels, NDArray mask) {

    /** Checks that the parts agree on the number of samples. */
    public Batch {
        Checks.requireSameBatch("labels", labels, "inputs", x);
        if (mask != null) {
            Checks.requireShape("mask", mask, x.getShape());
        }
    }

    /** A batch without a mask. */
    public static Batch of(NDArray x, NDArray labels) {
        return new Batch(x, labels, null);
    }

    /** Number of samples. */
    public int size() {
        return Math.toIntExact(x.getShape().get(0));
    }
}
