package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * Differentiable spatial operations on {@code (N, C, H, W)} batches used by the layers and their
 * rules: padding, dilation, cropping, and convolution with its adjoint (the transposed
 * convolution, written as an ordinary convolution since the engine implements no deconvolution).
 */
final class Spatial {

    private Spatial() {}

    /** The convolution of {@code x} with {@code w} ({@code (F, C/groups, kh, kw)}) over {@code window}. */
    static NDArray convolve(NDArray x, NDArray w, NDArray bias, Window2d window, int groups) {
        boolean symmetric = window.padTop() == window.padBottom() && window.padLeft() == window.padRight();
        NDArray in = symmetric ? x : pad(x, window.padTop(), window.padLeft(), window.padBottom(), window.padRight(), 0);
        Shape padding = symmetric ? new Shape(window.padTop(), window.padLeft()) : new Shape(0, 0);
        return Conv2d.conv2d(in, w, bias, new Shape(window.strideHeight(), window.strideWidth()), padding,
                        new Shape(window.dilationHeight(), window.dilationWidth()), groups)
                .singletonOrThrow();
    }

    /**
     * The adjoint of {@link #convolve} with respect to its input: for {@code g} of the output's
     * shape, the gradient with respect to an input of {@code rows × cols} pixels. Dilate {@code g}
     * by the stride, append the rows and columns of the padded input that no window reached,
     * correlate with the kernel flipped in both spatial axes and its channel axes swapped (per
     * group) at full padding, and crop the padding.
     */
    static NDArray convolveTransposed(NDArray g, NDArray w, Window2d window, int groups, long rows, long cols) {
        NDArray spread = dilate(g, window.strideHeight(), window.strideWidth());
        spread = padBottomRight(spread, -window.extraBottom(rows), -window.extraRight(cols));
        NDArray kernel = swapChannels(w, groups).flip(2, 3);
        int fullH = window.dilationHeight() * (window.kernelHeight() - 1);
        int fullW = window.dilationWidth() * (window.kernelWidth() - 1);
        Shape dilation = new Shape(window.dilationHeight(), window.dilationWidth());
        boolean symmetric = window.padTop() == window.padBottom() && window.padLeft() == window.padRight()
                && window.padTop() <= fullH && window.padLeft() <= fullW;
        if (symmetric) { // the convolution's own padding crops the forward padding
            return Conv2d.conv2d(spread, kernel, null, new Shape(1, 1),
                            new Shape(fullH - window.padTop(), fullW - window.padLeft()), dilation, groups)
                    .singletonOrThrow();
        }
        NDArray full = Conv2d.conv2d(spread, kernel, null, new Shape(1, 1), new Shape(fullH, fullW), dilation, groups)
                .singletonOrThrow();
        return full.get(new NDIndex(":, :, {}:{}, {}:{}",
                window.padTop(), window.padTop() + rows, window.padLeft(), window.padLeft() + cols));
    }

    /** {@code (F, C/g, kh, kw)} to {@code (C, F/g, kh, kw)}: each group's two channel axes swapped. */
    private static NDArray swapChannels(NDArray w, int groups) {
        if (groups == 1) {
            return w.transpose(1, 0, 2, 3);
        }
        Shape s = w.getShape();
        long f = s.get(0);
        long c = s.get(1);
        return w.reshape(groups, f / groups, c, s.get(2), s.get(3))
                .transpose(0, 2, 1, 3, 4)
                .reshape(groups * c, f / groups, s.get(2), s.get(3));
    }

    /** Pads the two spatial axes with {@code value}. */
    static NDArray pad(NDArray x, long top, long left, long bottom, long right, double value) {
        if (top == 0 && left == 0 && bottom == 0 && right == 0) {
            return x;
        }
        return x.pad(new Shape(left, right, top, bottom), value);
    }

    /** Inserts {@code factor − 1} zeros between neighbouring elements of both spatial axes. */
    static NDArray dilate(NDArray g, int factor) {
        return dilate(g, factor, factor);
    }

    /** Inserts zeros between neighbouring rows ({@code rows − 1}) and columns ({@code cols − 1}). */
    static NDArray dilate(NDArray g, int rows, int cols) {
        NDArray out = g;
        Shape s = out.getShape();
        long n = s.get(0);
        long c = s.get(1);
        if (cols > 1) {
            long h = s.get(2);
            long w = s.get(3);
            out = out.expandDims(4)
                    .concat(out.getManager().zeros(new Shape(n, c, h, w, cols - 1), g.getDataType()), 4)
                    .reshape(n, c, h, w * cols)
                    .get(new NDIndex(":, :, :, :{}", (w - 1) * cols + 1));
        }
        if (rows > 1) {
            s = out.getShape();
            long h = s.get(2);
            long w = s.get(3);
            out = out.expandDims(3)
                    .concat(out.getManager().zeros(new Shape(n, c, h, rows - 1, w), g.getDataType()), 3)
                    .reshape(n, c, h * rows, w)
                    .get(new NDIndex(":, :, :{}, :", (h - 1) * rows + 1));
        }
        return out;
    }

    /** Appends {@code rows} zero rows at the bottom and {@code cols} zero columns at the right (none if negative). */
    static NDArray padBottomRight(NDArray g, long rows, long cols) {
        NDArray out = g;
        Shape s = out.getShape();
        if (rows > 0) {
            out = out.concat(
                    out.getManager().zeros(new Shape(s.get(0), s.get(1), rows, s.get(3)), g.getDataType()), 2);
        }
        s = out.getShape();
        if (cols > 0) {
            out = out.concat(
                    out.getManager().zeros(new Shape(s.get(0), s.get(1), s.get(2), cols), g.getDataType()), 3);
        }
        return out;
    }
}
