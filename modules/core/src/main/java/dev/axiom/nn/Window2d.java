package dev.axiom.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * The geometry of a sliding 2-D window (convolution or pooling): kernel, stride, zero padding on
 * each side, dilation and, for pooling, PyTorch's ceil mode for the output size.
 *
 * <p>Output size along an axis of length {@code n}:
 * {@code ⌊(n + padBefore + padAfter − extent) / stride⌋ + 1} with {@code extent = dilation·(kernel − 1) + 1};
 * in ceil mode the division rounds up, but a last window that would start in the trailing
 * padding is dropped (PyTorch's and ONNX's rule).
 */
public record Window2d(
        int kernelHeight,
        int kernelWidth,
        int strideHeight,
        int strideWidth,
        int padTop,
        int padLeft,
        int padBottom,
        int padRight,
        int dilationHeight,
        int dilationWidth,
        boolean ceil) {

    /** Validates that every size is positive and every padding non-negative. */
    public Window2d {
        for (int v : new int[] {kernelHeight, kernelWidth, strideHeight, strideWidth, dilationHeight, dilationWidth}) {
            if (v <= 0) {
                throw new IllegalArgumentException("window sizes, strides and dilations must be positive, got " + this);
            }
        }
        for (int v : new int[] {padTop, padLeft, padBottom, padRight}) {
            if (v < 0) {
                throw new IllegalArgumentException("window paddings must be >= 0, got " + this);
            }
        }
    }

    /** A square kernel with the same stride and padding on both axes, no dilation. */
    public static Window2d square(int kernel, int stride, int padding) {
        return new Window2d(kernel, kernel, stride, stride, padding, padding, padding, padding, 1, 1, false);
    }

    /** Kernel extent along the rows, dilation included. */
    public int extentHeight() {
        return dilationHeight * (kernelHeight - 1) + 1;
    }

    /** Kernel extent along the columns, dilation included. */
    public int extentWidth() {
        return dilationWidth * (kernelWidth - 1) + 1;
    }

    /** Output rows for {@code rows} input rows (0 if the window does not fit). */
    public long outputHeight(long rows) {
        return outputSize(rows, padTop, padBottom, extentHeight(), strideHeight);
    }

    /** Output columns for {@code cols} input columns (0 if the window does not fit). */
    public long outputWidth(long cols) {
        return outputSize(cols, padLeft, padRight, extentWidth(), strideWidth);
    }

    private long outputSize(long n, int before, int after, int extent, int stride) {
        long span = n + before + after - extent;
        if (span < 0) {
            return 0;
        }
        if (!ceil) {
            return span / stride + 1;
        }
        long out = (span + stride - 1) / stride + 1;
        if ((out - 1) * stride >= n + before) {
            out--;
        }
        return out;
    }

    /**
     * Rows of padding beyond {@link #padBottom} that the last window reads (ceil mode), or a
     * negative number: the rows at the bottom of the padded input that no window reads.
     */
    long extraBottom(long rows) {
        return (outputHeight(rows) - 1) * strideHeight + extentHeight() - (rows + padTop + padBottom);
    }

    /** {@link #extraBottom} for the columns. */
    long extraRight(long cols) {
        return (outputWidth(cols) - 1) * strideWidth + extentWidth() - (cols + padLeft + padRight);
    }

    /**
     * For each output pixel of an average pool over a {@code rows × cols} input (row-major), the
     * number of values its window averages: the padded zeros counted ({@code includePad}) or not,
     * never the rows and columns ceil mode adds beyond the padding (PyTorch's and ONNX's rule).
     */
    public float[] counts(long rows, long cols, boolean includePad) {
        long outRows = outputHeight(rows);
        long outCols = outputWidth(cols);
        long top = includePad ? -padTop : 0;
        long left = includePad ? -padLeft : 0;
        long last = includePad ? rows + padBottom : rows;
        long lastCol = includePad ? cols + padRight : cols;
        float[] counts = new float[Math.toIntExact(outRows * outCols)];
        for (int r = 0; r < outRows; r++) {
            long r0 = (long) r * strideHeight - padTop;
            long r1 = Math.min(r0 + kernelHeight, last);
            for (int q = 0; q < outCols; q++) {
                long c0 = (long) q * strideWidth - padLeft;
                long c1 = Math.min(c0 + kernelWidth, lastCol);
                counts[Math.toIntExact(r * outCols + q)] = (r1 - Math.max(r0, top)) * (c1 - Math.max(c0, left));
            }
        }
        return counts;
    }

    /** Whether kernel, stride and padding are the same on both axes, with no dilation or ceil mode. */
    public boolean isSquare() {
        return kernelHeight == kernelWidth
                && strideHeight == strideWidth
                && padTop == padLeft
                && padTop == padBottom
                && padTop == padRight
                && dilationHeight == 1
                && dilationWidth == 1
                && !ceil;
    }

    /** Whether there is no padding at all. */
    public boolean unpadded() {
        return padTop == 0 && padLeft == 0 && padBottom == 0 && padRight == 0;
    }

    /**
     * The text form used in layer specs: {@code kernel=3x5,stride=2x1,pads=1:0:1:0,dilation=2x2,ceil},
     * each part written only when it differs from the default (stride 1, no padding, dilation 1).
     */
    public String describe() {
        List<String> parts = new ArrayList<>();
        parts.add("kernel=" + pair(kernelHeight, kernelWidth));
        if (strideHeight != 1 || strideWidth != 1) {
            parts.add("stride=" + pair(strideHeight, strideWidth));
        }
        if (!unpadded()) {
            boolean same = padTop == padLeft && padTop == padBottom && padTop == padRight;
            parts.add("pads=" + (same ? String.valueOf(padTop) : padTop + ":" + padLeft + ":" + padBottom + ":" + padRight));
        }
        if (dilationHeight != 1 || dilationWidth != 1) {
            parts.add("dilation=" + pair(dilationHeight, dilationWidth));
        }
        if (ceil) {
            parts.add("ceil");
        }
        return String.join(",", parts);
    }

    private static String pair(int a, int b) {
        return a == b ? String.valueOf(a) : a + "x" + b;
    }

    /** Reads the keyed parts of {@link #describe()} ({@code kernel} is required). */
    static Window2d parse(List<String> parts) {
        int[] kernel = null;
        int[] stride = {1, 1};
        int[] pads = {0, 0, 0, 0};
        int[] dilation = {1, 1};
        boolean ceil = false;
        for (String part : parts) {
            String p = part.trim();
            if (p.equals("ceil")) {
                ceil = true;
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("expected key=value, got '" + p + "'");
            }
            String key = p.substring(0, eq);
            String value = p.substring(eq + 1);
            switch (key) {
                case "kernel" -> kernel = pairOf(value);
                case "stride" -> stride = pairOf(value);
                case "dilation" -> dilation = pairOf(value);
                case "pads" -> pads = padsOf(value);
                default -> throw new IllegalArgumentException("unknown window key '" + key + "'");
            }
        }
        if (kernel == null) {
            throw new IllegalArgumentException("a window needs kernel=K or kernel=HxW");
        }
        return new Window2d(kernel[0], kernel[1], stride[0], stride[1], pads[0], pads[1], pads[2], pads[3],
                dilation[0], dilation[1], ceil);
    }

    private static int[] pairOf(String value) {
        String[] hw = value.split("x");
        int h = Integer.parseInt(hw[0].trim());
        return new int[] {h, hw.length > 1 ? Integer.parseInt(hw[1].trim()) : h};
    }

    private static int[] padsOf(String value) {
        String[] p = value.split(":");
        if (p.length == 1) {
            int v = Integer.parseInt(p[0].trim());
            return new int[] {v, v, v, v};
        }
        if (p.length != 4) {
            throw new IllegalArgumentException("pads are P or top:left:bottom:right, got '" + value + "'");
        }
        return new int[] {
            Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()),
            Integer.parseInt(p[2].trim()), Integer.parseInt(p[3].trim())
        };
    }
}
