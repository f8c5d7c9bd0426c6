package dev.axiom.nn;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Immutable description of a sequential network: the per-sample input shape and the layers. Build
 * one with {@link Mlp} or {@link Cnn}, or directly from {@link LayerSpec}s; turn it into a trained
 * model with {@link Network#create}.
 *
 * @param inputShape per-sample input shape, e.g. {@code (784)} or {@code (1, 28, 28)}
 * @param layers the layers, first to last
 */
public record Architecture(Shape inputShape, List<LayerSpec> layers) {

    /** Copies the layer list and checks there is at least one layer. */
    public Architecture {
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("an architecture needs at least one layer");
        }
        if (inputShape.dimension() == 0 || inputShape.size() <= 0) {
            throw new IllegalArgumentException("input shape must be non-empty, got " + inputShape);
        }
    }

    /** The text form: the input shape then the layers, e.g. {@code (784) linear(10)}. */
    public String describe() {
        return inputShape
                + " "
                + layers.stream().map(LayerSpec::toString).collect(Collectors.joining(" "));
    }
}
