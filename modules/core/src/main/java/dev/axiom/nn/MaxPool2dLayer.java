package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * Non-overlapping max-pooling. Input-gradient rule: each window's gradient goes to the first
 * position (row-major) holding the window's maximum, as PyTorch routes it; the routing mask is
 * piecewise constant in the parameters, so it is computed without gradient.
 */
final class MaxPool2dLayer implements Layer {

    private final PoolGeometry geometry;
    private final int size;

    MaxPool2dLayer(Shape input, int size, int index) {
        this.geometry = PoolGeometry.of(input, size, index, "maxpool");
        this.size = size;
    }

    @Override
    public String kind() {
        return "maxpool";
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
        NDArray y = Pool.maxPool2d(x, window, window, new Shape(0, 0), false);
        return new LayerPass() {
            private NDArray routing;

            @Override
            public NDArray output() {
                return y;
            }

            @Override
            public NDArray inputGradient(NDArray g) {
                if (routing == null) {
                    NDArray covered =
                            Spatial.crop(
                                    x.stopGradient(),
                                    geometry.coveredRows(size),
                                    geometry.coveredCols(size));
                    routing =
                            Spatial.windows(covered, size)
                                    .argMax(4)
                                    .oneHot(size * size, x.getDataType());
                }
                NDArray routed = Spatial.unwindows(routing.mul(g.expandDims(4)), size);
                return Spatial.padBottomRight(
                        routed, geometry.droppedRows(size), geometry.droppedCols(size));
            }
        };
    }
}
