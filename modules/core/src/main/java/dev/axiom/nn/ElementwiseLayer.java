package dev.axiom.nn;

import ai.djl.ndarray.types.Shape;

/** Base of the one-input layers that map each element on its own: the output has the input's shape. */
abstract class ElementwiseLayer extends UnaryLayer {

    private final Shape shape;

    ElementwiseLayer(Shape shape) {
        this.shape = shape;
    }

    @Override
    public final Shape inputShape() {
        return shape;
    }

    @Override
    public final Shape outputShape() {
        return shape;
    }
}
