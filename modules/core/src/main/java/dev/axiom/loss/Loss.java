package dev.axiom.loss;

import ai.djl.ndarray.NDArray;

/**
 * A task loss. Its value for a batch is the mean of the per-sample values, so that it does not
 * depend on the batch size.
 *
 * <p>Labels: class indices {@code (N)} for {@link CrossEntropy}; targets {@code (N, outputs)} for
 * the others.
 */
public interface Loss {

    /** Short name, as in configuration files ({@code cross-entropy}, ...). */
    String name();

    /** Per-sample losses {@code ℓ_i}, shape {@code (N)}. */
    NDArray perSample(NDArray output, NDArray labels);

    /**
     * {@code ∂ℓ_i/∂output_i} for every sample, shape {@code (N, outputs)}, as ordinary
     * (differentiable) tensor operations.
     */
    NDArray outputGradient(NDArray output, NDArray labels);

    /** The batch loss: the mean of {@link #perSample}. */
    default NDArray mean(NDArray output, NDArray labels) {
        return perSample(output, labels).mean();
    }

    /** Softmax cross-entropy over logits. */
    static Loss crossEntropy() {
        return new CrossEntropy();
    }

    /** Binary cross-entropy with logits (one output). */
    static Loss binaryCrossEntropy() {
        return new BinaryCrossEntropy();
    }

    /** Mean squared error. */
    static Loss meanSquaredError() {
        return new MeanSquaredError();
    }

    /** The loss with this {@link #name()}. */
    static Loss named(String name) {
        return switch (name) {
            case "cross-entropy" -> crossEntropy();
            case "binary-cross-entropy" -> binaryCrossEntropy();
            case "mse" -> meanSquaredError();
            default -> throw new IllegalArgumentException(
                    "unknown loss '" + name + "'; known: cross-entropy, binary-cross-entropy, mse");
        };
    }
}
