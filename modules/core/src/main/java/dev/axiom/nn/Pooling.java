package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.tensor.Tensors;

/** Geometry and constant kernels shared by the pooling layers. */
final class Pooling {

    private Pooling() {}

    static Shape requireImage(Shape input, String where, String kind) {
        if (input.dimension() != 3) {
            throw new IllegalArgumentException(where + " (" + kind + ") needs (channels, height, width) per sample, got " + input);
        }
        return input;
    }

    static Shape outputShape(Shape input, Window2d window, String where, String kind) {
        long h = window.outputHeight(input.get(1));
        long w = window.outputWidth(input.get(2));
        if (h <= 0 || w <= 0) {
            throw new IllegalArgumentException(where + " (" + kind + "): window " + window.describe()
                    + " is larger than the padded input " + input);
        }
        if (!readsInput(h, window.strideHeight(), window.kernelHeight(), window.dilationHeight(), window.padTop(), input.get(1))
                || !readsInput(w, window.strideWidth(), window.kernelWidth(), window.dilationWidth(), window.padLeft(), input.get(2))) {
            // its maximum would be −∞, its average 0/0 (PyTorch and ONNX refuse such padding too)
            throw new IllegalArgumentException(where + " (" + kind + "): window " + window.describe()
                    + " has windows that lie wholly in the padding of " + input + "; use less padding");
        }
        return new Shape(input.get(0), h, w);
    }

    /** Whether each of {@code outputs} windows along an axis reads at least one of its {@code length} input values. */
    private static boolean readsInput(long outputs, int stride, int kernel, int dilation, int padBefore, long length) {
        for (long o = 0; o < outputs; o++) {
            boolean reads = false;
            for (int i = 0; i < kernel && !reads; i++) {
                long at = o * stride + (long) i * dilation - padBefore;
                reads = at >= 0 && at < length;
            }
            if (!reads) {
                return false;
            }
        }
        return true;
    }

    /** Flat offset of window position {@code p} (row-major) from the window's top-left corner, in an image {@code width} wide. */
    static long offset(Window2d window, int p, long width) {
        return (long) (p / window.kernelWidth()) * window.dilationHeight() * width
                + (long) (p % window.kernelWidth()) * window.dilationWidth();
    }

    /** {@code (N, C, positions, rows, cols)}: 1 where {@code offset} is window position {@code p}, else 0. */
    static NDArray oneHot(NDArray offset, NDManager manager, int positions, long width, Window2d window, DataType type) {
        NDArray[] masks = new NDArray[positions];
        for (int p = 0; p < positions; p++) {
            masks[p] = offset.eq(Tensors.owned(manager.create(offset(window, p, width)))).toType(type, false);
        }
        return ai.djl.ndarray.NDArrays.stack(new ai.djl.ndarray.NDList(masks), 2);
    }

    /**
     * The kernel {@code (C·k², 1, kh, kw)} of the grouped convolution that copies window position
     * {@code p} of channel {@code c} to output channel {@code c·k² + p}: its transposed convolution
     * sends each window position's gradient back to the pixel it came from.
     */
    static NDArray selectors(NDManager manager, long channels, Window2d window, DataType type) {
        int kh = window.kernelHeight();
        int kw = window.kernelWidth();
        int positions = kh * kw;
        float[] values = new float[Math.toIntExact(channels * positions * positions)];
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < positions; p++) {
                values[(c * positions + p) * positions + p] = 1f;
            }
        }
        NDArray kernel = Tensors.owned(manager.create(values, new Shape(channels * positions, 1, kh, kw)));
        return type == DataType.FLOAT32 ? kernel : kernel.toType(type, false);
    }

    /** The kernel {@code (C, 1, kh, kw)} of ones of a depthwise convolution that sums each window. */
    static NDArray ones(NDManager manager, long channels, Window2d window, DataType type) {
        return manager.ones(new Shape(channels, 1, window.kernelHeight(), window.kernelWidth()), type);
    }
}
