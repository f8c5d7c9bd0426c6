package dev.axiom.nn;

import ai.djl.ndarray.NDArray;

/**
 * One layer's forward pass on one batch: its output and its rule for the input gradient.
 *
 * <p>{@link #inputGradient} computes {@code ∂S/∂input} from {@code ∂S/∂output} for any scalar
 * {@code S} of the output, exactly as reverse-mode autograd would, but as ordinary tensor
 * operations that stay differentiable with respect to the parameters. It may be called more than
 * once (for example for several targets).
 */
public interface LayerPass {

    /** The layer's output for the batch. */
    NDArray output();

    /** Maps a gradient with respect to the output to the gradient with respect to the input. */
    NDArray inputGradient(NDArray outputGradient);
}
