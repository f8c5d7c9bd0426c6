package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * A layer of a sequential network: a forward function together with its input-gradient rule.
 *
 * <p>To add a layer kind: write a {@link LayerSpec} record that builds it, implement
 * {@link #forward} returning a {@link LayerPass} whose {@code inputGradient} is the exact adjoint
 * of the forward function expressed in ordinary (differentiable) tensor operations, and add the
 * kind to {@code LayerRulesTest}, which checks the rule against autograd.
 */
public interface Layer {

    /** The layer's kind, as in parameter names ({@code linear}, {@code conv2d}, ...). */
    String kind();

    /** Per-sample shape of the input (without the batch axis). */
    Shape inputShape();

    /** Per-sample shape of the output (without the batch axis). */
    Shape outputShape();

    /** Trainable parameters and buffers of this layer, in a fixed order. */
    List<Parameter> parameters();

    /** Runs the layer on a batch {@code x} of shape {@code (N, inputShape...)}. */
    LayerPass forward(NDArray x, ForwardMode mode);
}
