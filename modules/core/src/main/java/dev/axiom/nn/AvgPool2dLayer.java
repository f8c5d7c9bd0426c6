package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import dev.axiom.tensor.Tensors;
import java.util.List;

/**
 * Non-overlapping average-pooling. Input-gradient rule: each window's gradient, divided by the
 * window's area, is spread over the window.
 */
final class AvgPool2dLayer implements Layer {

    private final PoolGeometry geometry;
    private final int size;

    AvgPool2dLayer(Shape input, int size, int index) {
        this.geometry = PoolGeometry.of(input, size, index, "avgpool");
        this.size = size;
    }

    @Override
    public String kind() {
        return "avgpool";
    }

    @Override
    public Shape inputShape() {
        return geometry.input();
    }

    @Override
    public Shape outputShape() {
        return geometry.output();
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public LayerPass forward(NDArray x, ForwardMode mode) {
        Shape window = new Shape(size, size);
        NDArray y = Pool.avgPool2d(x, window, window, new Shape(0, 0), false, true);
        return new LayerPass() {
            @Override
            public NDArray output() {
                return y;
            }

            @Override
            public NDArray inputGradient(NDArray g) {
                NDArray spread = Tensors.over(g, size * size).repeat(2, size).repeat(3, size);
                return Spatial.padBottomRight(
                        spread, geometry.droppedRows(size), geometry.droppedCols(size));
            }
        };
    }
}
