package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.axiom.tensor.Tensors;
import java.util.List;

/**
 * Non-overlapping max-pooling, written as a gather at arg-max positions.
 *
 * <p>The forward pass compares the {@code size²} positions of every window (strided views of the
 * input) with the window's maximum, keeps the first position attaining it (row-major, as PyTorch's
 * max-pool does) as an index into the flattened image, and gathers the input there. The indices are
 * piecewise constant in the parameters and carry no gradient, so autograd routes the gradient of
 * the output exactly like the input-gradient rule: each window's gradient is scattered to its
 * arg-max position. (A gather and a scatter are also several times faster than this engine's
 * native pooling kernel and its views.)
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
        Shape in = x.getShape();
        long n = in.get(0);
        long c = in.get(1);
        long pixels = in.get(2) * in.get(3);
        long outPixels = geometry.output().get(1) * geometry.output().get(2);
        NDArray index = argMaxIndex(x.stopGradient());
        NDArray y = x.reshape(n, c, pixels).gather(index, 2).reshape(new Shape(n).addAll(geometry.output()));
        return new LayerPass() {
            @Override
            public NDArray output() {
                return y;
            }

            @Override
            public NDArray inputGradient(NDArray g) {
                NDArray zeros = g.getManager().zeros(new Shape(n, c, pixels), g.getDataType());
                return zeros.scatter(index, g.reshape(n, c, outPixels), 2).reshape(in);
            }
        };
    }

    /**
     * For every window, the flat index (into {@code height · width}) of its first maximum, shape
     * {@code (N, C, outHeight · outWidth)}.
     */
    private NDArray argMaxIndex(NDArray x) {
        int positions = size * size;
        NDArray[] views = new NDArray[positions];
        for (int p = 0; p < positions; p++) {
            views[p] = view(x, p / size, p % size);
        }
        NDArray best = views[0];
        for (int p = 1; p < positions; p++) {
            best = best.maximum(views[p]);
        }
        long width = geometry.input().get(2);
        long rows = geometry.output().get(1);
        long cols = geometry.output().get(2);
        NDManager manager = x.getManager();
        // Walk the window backwards so that the first position attaining the maximum wins.
        // (Element-wise selects: reductions over the small window axis are slow on this engine.)
        NDArray index = Tensors.owned(manager.create(offset(positions - 1, width)));
        for (int p = positions - 2; p >= 0; p--) {
            index = JniUtils.where( // torch.where broadcasts; DJL's wrapper refuses to
                    (PtNDArray) views[p].eq(best), (PtNDArray) Tensors.owned(manager.create(offset(p, width))), (PtNDArray) index);
        }
        long[] corners = new long[Math.toIntExact(rows * cols)];
        for (int r = 0; r < rows; r++) {
            for (int q = 0; q < cols; q++) {
                corners[Math.toIntExact(r * cols + q)] = r * size * width + (long) q * size;
            }
        }
        Shape s = best.getShape();
        return index.add(Tensors.owned(manager.create(corners, new Shape(rows, cols)))).reshape(s.get(0), s.get(1), rows * cols);
    }

    /** Flat offset of window position {@code p} (row-major) from the window's top-left corner. */
    private long offset(int p, long width) {
        return (p / size) * width + p % size;
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
