package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** Flattens each sample to a vector. Input-gradient rule: reshape back. */
final class FlattenLayer implements Layer {

    private final Shape input;

    FlattenLayer(Shape input, int index) {
        this.input = input;
    }

    @Override
    public String kind() {
        return "flatten";
    }

    @Override
    public Shape inputShape() {
        return input;
    }

    @Override
    public Shape outputShape() {
        return new Shape(input.size());
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public LayerPass forward(NDArray x, ForwardMode mode) {
        Shape batchShape = x.getShape();
        NDArray y = x.reshape(batchShape.get(0), input.size());
        return new LayerPass() {
            @Override
            public NDArray output() {
                return y;
            }

            @Override
            public NDArray inputGradient(NDArray g) {
                return g.reshape(batchShape);
            }
        };
    }
}
