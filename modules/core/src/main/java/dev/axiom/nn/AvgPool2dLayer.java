package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import dev.axiom.tensor.Tensors;

/**
 * Average-pooling. Non-overlapping unpadded windows: each window's gradient, divided by the
 * window's area, is spread over the window. Otherwise the pooling is a depthwise convolution with
 * a kernel of ones divided by each window's count (the padded zeros counted or not, as the spec
 * says; never the rows ceil mode adds), and the rule is its transposed convolution.
 */
final class AvgPool2dLayer extends UnaryLayer {

    private final Shape input;
    private final Shape output;
    private final Window2d window;
    private final boolean disjoint;
    private final long bottom;
    private final long right;
    /** Per output pixel, the number of values its window averages (general windows only). */
    private final float[] counts;

    AvgPool2dLayer(Shape input, LayerSpec.AvgPool2d spec, String where) {
        this.input = Pooling.requireImage(input, where, "avgpool");
        this.window = spec.window();
        if (window.dilationHeight() != 1 || window.dilationWidth() != 1) {
            throw new IllegalArgumentException(where + " (avgpool) does not support dilation, got " + window.describe());
        }
        this.output = Pooling.outputShape(input, window, where, "avgpool");
        this.disjoint = window.unpadded() && !window.ceil()
                && window.strideHeight() == window.kernelHeight() && window.strideWidth() == window.kernelWidth();
        this.bottom = window.padBottom() + Math.max(0, window.extraBottom(input.get(1)));
        this.right = window.padRight() + Math.max(0, window.extraRight(input.get(2)));
        this.counts = disjoint ? null : window.counts(input.get(1), input.get(2), spec.countIncludePad());
    }

    @Override
    public String kind() {
        return "avgpool";
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
        if (disjoint) {
            Shape kernel = new Shape(window.kernelHeight(), window.kernelWidth());
            NDArray y = Pool.avgPool2d(x, kernel, kernel, new Shape(0, 0), false, true);
            long area = (long) window.kernelHeight() * window.kernelWidth();
            return LayerPass.unary(y, g -> Spatial.padBottomRight(
                    Tensors.over(g, area).repeat(2, window.kernelHeight()).repeat(3, window.kernelWidth()),
                    -window.extraBottom(input.get(1)), -window.extraRight(input.get(2))));
        }
        long c = input.get(0);
        long height = input.get(1) + window.padTop() + bottom;
        long width = input.get(2) + window.padLeft() + right;
        Window2d unpadded = new Window2d(window.kernelHeight(), window.kernelWidth(), window.strideHeight(),
                window.strideWidth(), 0, 0, 0, 0, 1, 1, false);
        NDArray ones = Pooling.ones(x.getManager(), c, window, x.getDataType());
        NDArray divisor = Tensors.owned(x.getManager().create(counts, new Shape(1, 1, output.get(1), output.get(2))))
                .toType(x.getDataType(), false);
        NDArray padded = Spatial.pad(x, window.padTop(), window.padLeft(), bottom, right, 0);
        NDArray y = Spatial.convolve(padded, ones, null, unpadded, (int) c).div(divisor);
        return LayerPass.unary(y, g -> Spatial.convolveTransposed(g.div(divisor), ones, unpadded, (int) c, height, width)
                .get(new NDIndex(":, :, {}:{}, {}:{}", window.padTop(), window.padTop() + input.get(1),
                        window.padLeft(), window.padLeft() + input.get(2))));
    }
}
