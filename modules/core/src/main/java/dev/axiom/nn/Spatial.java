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
        boolean strided = window.strideHeight() > 1 || window.strideWidth() > 1;
        if (strided && window.dilationHeight() == 1 && window.dilationWidth() == 1) {
            return byPhases(g, w, window, groups, rows, cols);
        }
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

    /**
     * {@link #convolveTransposed} for a strided window without dilation, by phases: the pixels
     * {@code (s_h·a + r, s_w·b + c)} of the padded input receive only the kernel taps
     * {@code w[r::s_h, c::s_w]}, so each of the {@code s_h·s_w} phases is an ordinary stride-1
     * correlation of {@code g} with that sub-kernel, flipped and channel-swapped; the phases are
     * then interleaved and the padding cropped. The same sums as correlating the stride-dilated
     * {@code g}, without multiplying the inserted zeros: {@code s_h·s_w} times fewer operations.
     */
    private static NDArray byPhases(NDArray g, NDArray w, Window2d window, int groups, long rows, long cols) {
        int sh = window.strideHeight();
        int sw = window.strideWidth();
        int kh = window.kernelHeight();
        int kw = window.kernelWidth();
        long paddedRows = rows + window.padTop() + Math.max(window.padBottom(), window.padBottom() + window.extraBottom(rows));
        long paddedCols = cols + window.padLeft() + Math.max(window.padRight(), window.padRight() + window.extraRight(cols));
        long phaseRows = (paddedRows + sh - 1) / sh;
        long phaseCols = (paddedCols + sw - 1) / sw;
        Shape gs = g.getShape();
        long channels = w.getShape().get(1) * groups;
        NDArray swapped = swapChannels(w, groups);
        ai.djl.ndarray.NDList byRow = new ai.djl.ndarray.NDList(sh);
        for (int r = 0; r < sh; r++) {
            ai.djl.ndarray.NDList byCol = new ai.djl.ndarray.NDList(sw);
            for (int c = 0; c < sw; c++) {
                int mh = r < kh ? (kh - r + sh - 1) / sh : 0;
                int mw = c < kw ? (kw - c + sw - 1) / sw : 0;
                if (mh == 0 || mw == 0) {
                    byCol.add(g.getManager().zeros(new Shape(gs.get(0), channels, phaseRows, phaseCols), g.getDataType()));
                    continue;
                }
                NDArray kernel = swapped.get(new NDIndex(":, :, {}::{}, {}::{}", r, sh, c, sw)).flip(2, 3);
                NDArray padded = pad(g, mh - 1, mw - 1, phaseRows - gs.get(2), phaseCols - gs.get(3), 0);
                byCol.add(Conv2d.conv2d(padded, kernel, null, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), groups)
                        .singletonOrThrow());
            }
            byRow.add(ai.djl.ndarray.NDArrays.stack(byCol, 4));
        }
        NDArray interleaved = ai.djl.ndarray.NDArrays.stack(byRow, 3).reshape(gs.get(0), channels, phaseRows * sh, phaseCols * sw);
        return interleaved.get(new NDIndex(":, :, {}:{}, {}:{}",
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
