package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Non-overlapping max-pooling, written with the window positions as strided views of the input.
 *
 * <p>For each of the {@code size²} positions of a window (row-major), a constant mask marks the
 * windows whose maximum is first attained there, as PyTorch's max-pool routes gradients; the output
 * is {@code Σ_positions mask ⊙ view}, so autograd routes the gradient exactly like the rule.
 * Input-gradient rule: each window's gradient goes to that first arg-max position. The masks are
 * piecewise constant in the parameters and carry no gradient. (On this engine, this is also
 * several times faster than the native pooling kernel.)
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
        List<NDArray> views = new ArrayList<>(size * size);
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                views.add(view(x, i, j));
            }
        }
        NDArray best = views.get(0).stopGradient();
        for (int v = 1; v < views.size(); v++) {
            best = best.maximum(views.get(v).stopGradient());
        }
        List<NDArray> masks = firstMaximumMasks(views, best);
        NDArray y = views.get(0).mul(masks.get(0));
        for (int v = 1; v < views.size(); v++) {
            y = y.add(views.get(v).mul(masks.get(v)));
        }
        NDArray output = y;
        return new LayerPass() {
            @Override
            public NDArray output() {
                return output;
            }

            @Override
            public NDArray inputGradient(NDArray g) {
                NDList rows = new NDList(size);
                for (int i = 0; i < size; i++) {
                    NDList row = new NDList(size);
                    for (int j = 0; j < size; j++) {
                        row.add(masks.get(i * size + j).mul(g));
                    }
                    rows.add(NDArrays.stack(row, 4));
                }
                Shape s = g.getShape();
                NDArray routed =
                        NDArrays.stack(rows, 3).reshape(s.get(0), s.get(1), s.get(2) * size, s.get(3) * size);
                return Spatial.padBottomRight(
                        routed, geometry.droppedRows(size), geometry.droppedCols(size));
            }
        };
    }

    /** Masks (in the input's type) of the first position attaining each window's maximum. */
    private static List<NDArray> firstMaximumMasks(List<NDArray> views, NDArray best) {
        List<NDArray> masks = new ArrayList<>(views.size());
        NDArray remaining = null;
        for (int v = 0; v < views.size() - 1; v++) {
            NDArray hit = views.get(v).stopGradient().eq(best).toType(best.getDataType(), false);
            NDArray mask = remaining == null ? hit : hit.mul(remaining);
            remaining = remaining == null ? hit.neg().add(1) : remaining.sub(mask);
            masks.add(mask);
        }
        masks.add(remaining == null ? best.onesLike() : remaining);
        return masks;
    }

    /** Position {@code (i, j)} of every window: a strided view of the input. */
    private NDArray view(NDArray x, int i, int j) {
        long rows = geometry.output().get(1);
        long cols = geometry.output().get(2);
        return x.get(
                new NDIndex(
                        ":, :, {}:{}:{}, {}:{}:{}",
                        i,
                        i + (rows - 1) * size + 1,
                        size,
                        j,
                        j + (cols - 1) * size + 1,
                        size));
    }
}
