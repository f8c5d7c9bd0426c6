package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** Base of the layers that take one input. */
abstract class UnaryLayer implements Layer {

    @Override
    public abstract Shape inputShape();

    @Override
    public final List<Shape> inputShapes() {
        return List.of(inputShape());
    }

    @Override
    public final LayerPass forward(List<NDArray> inputs, ForwardMode mode) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(kind() + " takes one input, got " + inputs.size());
        }
        return forward(inputs.get(0), mode);
    }

    @Override
    public abstract LayerPass forward(NDArray x, ForwardMode mode);
}
