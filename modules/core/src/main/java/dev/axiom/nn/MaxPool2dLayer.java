package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.axiom.tensor.Tensors;

/**
 * Max-pooling, written as a gather at arg-max positions.
 *
 * <p>The forward pass pads the input with {@code −∞} (the window's padding, and in ceil mode the
 * rows and columns the last window reaches beyond it), compares the positions of every window
 * (strided views of the padded input) with the window's maximum, keeps the first position
 * attaining it (row-major, as PyTorch's max-pool does) as an index into the flattened padded
 * image, and gathers the input there. The indices are piecewise constant in the parameters and
 * carry no gradient, so autograd routes the gradient of the output exactly like the rule: each
 * window's gradient goes to its arg-max. For non-overlapping windows the rule is one scatter; for
 * overlapping ones, where several windows may share an arg-max, it is the transposed convolution
 * of the one-hot window masks (a scatter that adds). (A gather is also several times faster than
 * this engine's native pooling kernel and its views.)
 */
final class MaxPool2dLayer extends UnaryLayer {

    private final Shape input;
    private final Shape output;
    private final Window2d window;
    private final boolean disjoint;
    private final long bottom;
    private final long right;

    MaxPool2dLayer(Shape input, Window2d window, String where) {
        this.input = Pooling.requireImage(input, where, "maxpool");
        this.window = window;
        this.output = Pooling.outputShape(input, window, where, "maxpool");
        this.disjoint = window.unpadded() && !window.ceil() && window.dilationHeight() == 1 && window.dilationWidth() == 1
                && window.strideHeight() == window.kernelHeight() && window.strideWidth() == window.kernelWidth();
        this.bottom = window.padBottom() + Math.max(0, window.extraBottom(input.get(1)));
        this.right = window.padRight() + Math.max(0, window.extraRight(input.get(2)));
    }

    @Override
    public String kind() {
        return "maxpool";
    }

    @Override
    public Shape inputShape() {
        return input;
    }

    @Override
    public Shape outputShape() {
        return output;
    }

    @Override
    public LayerPass forward(NDArray x, ForwardMode mode) {
        long n = x.getShape().get(0);
        long c = input.get(0);
        NDArray padded = Spatial.pad(x, window.padTop(), window.padLeft(), bottom, right, Double.NEGATIVE_INFINITY);
        long height = input.get(1) + window.padTop() + bottom;
        long width = input.get(2) + window.padLeft() + right;
        long outPixels = output.get(1) * output.get(2);
        Shape batch = new Shape(n).addAll(output);
        NDArray[] views = views(padded.stopGradient());
        NDArray offset = firstMaximum(views, x.getManager(), width);
        NDArray index = offset.add(corners(x.getManager(), width)).reshape(n, c, outPixels);
        NDArray y = padded.reshape(n, c, height * width).gather(index, 2).reshape(batch);
        if (disjoint) {
            return LayerPass.unary(y, g -> {
                NDArray zeros = g.getManager().zeros(new Shape(n, c, height * width), g.getDataType());
                return zeros.scatter(index, g.reshape(n, c, outPixels), 2).reshape(x.getShape());
            });
        }
        return LayerPass.unary(y, g -> {
            int positions = window.kernelHeight() * window.kernelWidth();
            NDArray masked = Pooling.oneHot(offset, x.getManager(), positions, width, window, g.getDataType())
                    .mul(g.expandDims(2))
                    .reshape(n, c * positions, output.get(1), output.get(2));
            Window2d unpadded = new Window2d(window.kernelHeight(), window.kernelWidth(), window.strideHeight(),
                    window.strideWidth(), 0, 0, 0, 0, window.dilationHeight(), window.dilationWidth(), false);
            NDArray spread = Spatial.convolveTransposed(masked, Pooling.selectors(x.getManager(), c, window, g.getDataType()),
                    unpadded, (int) c, height, width);
            return spread.get(new NDIndex(":, :, {}:{}, {}:{}", window.padTop(), window.padTop() + input.get(1),
                    window.padLeft(), window.padLeft() + input.get(2)));
        });
    }

    /** Position {@code (i, j)} of every window, for every window position: strided views of the padded input. */
    private NDArray[] views(NDArray padded) {
        int kh = window.kernelHeight();
        int kw = window.kernelWidth();
        NDArray[] views = new NDArray[kh * kw];
        for (int p = 0; p < views.length; p++) {
            long top = (long) (p / kw) * window.dilationHeight();
            long left = (long) (p % kw) * window.dilationWidth();
            views[p] = padded.get(new NDIndex(":, :, {}:{}:{}, {}:{}:{}",
                    top, top + (output.get(1) - 1) * window.strideHeight() + 1, window.strideHeight(),
                    left, left + (output.get(2) - 1) * window.strideWidth() + 1, window.strideWidth()));
        }
        return views;
    }

    /**
     * For every window, the flat offset (into the padded image, from the window's top-left corner)
     * of its first maximum, shape {@code (N, C, outHeight, outWidth)}.
     */
    private NDArray firstMaximum(NDArray[] views, NDManager manager, long width) {
        NDArray best = views[0];
        for (int p = 1; p < views.length; p++) {
            best = best.maximum(views[p]);
        }
        // Walk the window backwards so that the first position attaining the maximum wins.
        // (Element-wise selects: reductions over the small window axis are slow on this engine.)
        NDArray index = Tensors.owned(manager.create(Pooling.offset(window, views.length - 1, width)));
        for (int p = views.length - 2; p >= 0; p--) {
            index = JniUtils.where( // torch.where broadcasts; DJL's wrapper refuses to
                    (PtNDArray) views[p].eq(best),
                    (PtNDArray) Tensors.owned(manager.create(Pooling.offset(window, p, width))),
                    (PtNDArray) index);
        }
        return index;
    }

    /** The flat index (into the padded image) of every window's top-left corner, shape {@code (outHeight, outWidth)}. */
    private NDArray corners(NDManager manager, long width) {
        long rows = output.get(1);
        long cols = output.get(2);
        long[] corners = new long[Math.toIntExact(rows * cols)];
        for (int r = 0; r < rows; r++) {
            for (int q = 0; q < cols; q++) {
                corners[Math.toIntExact(r * cols + q)] = r * window.strideHeight() * width + (long) q * window.strideWidth();
            }
        }
        return Tensors.owned(manager.create(corners, new Shape(rows, cols)));
    }
}
