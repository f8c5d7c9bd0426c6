package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.axiom.tensor.Tensors;

/**
 * Global average pooling {@code (C, H, W) → (C, 1, 1)}. Input-gradient rule: each channel's
 * gradient divided by {@code H·W}, spread over the channel.
 */
final class GlobalAvgPoolLayer extends UnaryLayer {

    private final Shape input;

    GlobalAvgPoolLayer(Shape input, String where) {
        this.input = Pooling.requireImage(input, where, "gap");
    }

    @Override
    public String kind() {
        return "gap";
    }

    @Override
    public Shape inputShape() {
        return input;
    }

    @Override
    public Shape outputShape() {
        return new Shape(input.get(0), 1, 1);
    }

    @Override
    public LayerPass forward(NDArray x, ForwardMode mode) {
        Shape batchShape = x.getShape();
        long n = batchShape.get(0);
        long c = input.get(0);
        long pixels = input.get(1) * input.get(2);
        NDArray y = x.reshape(n, c, pixels).mean(new int[] {2}, true).reshape(n, c, 1, 1);
        return LayerPass.unary(y, g -> Tensors.over(g, pixels).broadcast(batchShape));
    }
}
