package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * A node's computation: a forward function together with its input-gradient rule.
 *
 * <p>Most layers take one input (extend {@link UnaryLayer}); joins ({@code add}, {@code concat},
 * {@code mul}) take several. To add a layer kind: write a {@link LayerSpec} record that builds it,
 * implement {@link #forward} returning a {@link LayerPass} whose rule is the exact adjoint of the
 * forward function expressed in ordinary (differentiable) tensor operations, and add the kind to
 * {@code LayerRulesTest}, which checks every rule against autograd and fails for a kind it does
 * not know.
 */
public interface Layer {

    /** The layer's kind, as in parameter names ({@code linear}, {@code conv2d}, ...). */
    String kind();

    /** Per-sample shapes of the inputs (without the batch axis). */
    List<Shape> inputShapes();

    /** Per-sample shape of the first (for most layers, the only) input. */
    default Shape inputShape() {
        return inputShapes().get(0);
    }

    /** Per-sample shape of the output (without the batch axis). */
    Shape outputShape();

    /** Trainable parameters and buffers of this layer, in a fixed order. */
    default List<Parameter> parameters() {
        return List.of();
    }

    /** Runs the layer on batches of shape {@code (N, inputShapes...)}. */
    LayerPass forward(List<NDArray> inputs, ForwardMode mode);

    /** Runs a one-input layer on a batch {@code x}. */
    default LayerPass forward(NDArray x, ForwardMode mode) {
        return forward(List.of(x), mode);
    }
}
