package dev.axiom.nn;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Immutable description of one layer; {@link #build} creates it for given input shapes.
 *
 * <p>The text form ({@link #toString()}, e.g. {@code conv2d(32,5,1,2)}) is what configuration files
 * and checkpoints use; {@link LayerSpecs#parse} reads it back. Layers with one input implement
 * {@link Unary}; joins ({@link Add}, {@link Mul}, {@link Concat}) take several.
 */
public sealed interface LayerSpec {

    /** Creates the layer for inputs of per-sample shapes {@code inputs}. */
    Layer build(List<Shape> inputs, ParameterFactory parameters);

    /** A layer with exactly one input. */
    sealed interface Unary extends LayerSpec {
        /** Creates the layer for inputs of per-sample shape {@code input}. */
        Layer build(Shape input, ParameterFactory parameters);

        @Override
        default Layer build(List<Shape> inputs, ParameterFactory parameters) {
            if (inputs.size() != 1) {
                throw new IllegalArgumentException(
                        parameters.where() + " (" + this + ") takes one input, got " + inputs.size());
            }
            return build(inputs.get(0), parameters);
        }
    }

    /**
     * Fully connected layer {@code y = x Wᵀ + b}; input must be a vector per sample.
     *
     * @param units output features
     * @param bias whether there is a bias
     * @param transposed the weight is stored {@code (in, out)}, as ONNX {@code MatMul} and
     *     {@code Gemm} with {@code transB = 0} store it, instead of {@code (out, in)}
     */
    record Linear(int units, boolean bias, boolean transposed) implements Unary {
        /** Validates the number of units. */
        public Linear {
            requirePositive("units", units);
        }

        /** A layer with its weight stored {@code (out, in)}, as PyTorch's. */
        public Linear(int units, boolean bias) {
            this(units, bias, false);
        }

        @Override
        public Layer build(Shape input, ParameterFactory parameters) {
            return new LinearLayer(input, this, parameters);
        }

        @Override
        public String toString() {
            return "linear(" + units + (bias ? "" : ",nobias") + (transposed ? ",inxout" : "") + ")";
        }
    }

    /**
     * 2-D convolution, optionally grouped ({@code groups = channels} is a depthwise convolution).
     *
     * @param filters output channels
     * @param window kernel, stride, padding and dilation
     * @param groups channel groups; input channels and filters must both be divisible by it
     * @param bias whether there is a bias
     */
    record Conv2d(int filters, Window2d window, int groups, boolean bias) implements Unary {
        /** Validates the filters and groups. */
        public Conv2d {
            requirePositive("filters", filters);
            requirePositive("groups", groups);
            if (window.ceil()) {
                throw new IllegalArgumentException("conv2d has no ceil mode");
            }
            if (filters % groups != 0) {
                throw new IllegalArgumentException(
                        "conv2d filters (" + filters + ") must be divisible by groups (" + groups + ")");
            }
        }

        /** Square kernel with stride and zero padding, one group, with bias: {@code conv2d(32,5,1,2)}. */
        public Conv2d(int filters, int kernel, int stride, int padding) {
            this(filters, checkedSquare(kernel, stride, padding), 1, true);
        }

        private static Window2d checkedSquare(int kernel, int stride, int padding) {
            requirePositive("kernel", kernel);
            requirePositive("stride", stride);
            if (padding < 0 || padding >= kernel) {
                throw new IllegalArgumentException(
                        "conv2d padding must be in [0, kernel - 1] = [0, " + (kernel - 1) + "], got " + padding);
            }
            return Window2d.square(kernel, stride, padding);
        }

        @Override
        public Layer build(Shape input, ParameterFactory parameters) {
            return new Conv2dLayer(input, this, parameters);
        }

        @Override
        public String toString() {
            boolean positional = window.isSquare() && window.padTop() < window.kernelHeight(); // what conv2d(F,K,S,P) accepts
            String geometry = positional
                    ? window.kernelHeight() + "," + window.strideHeight() + "," + window.padTop()
                    : window.describe();
            return "conv2d(" + filters + "," + geometry + (groups == 1 ? "" : ",groups=" + groups)
                    + (bias ? "" : ",nobias") + ")";
        }
    }

    /** Max-pooling over a window; {@code maxpool(2)} is non-overlapping {@code 2 × 2} windows. */
    record MaxPool2d(Window2d window) implements Unary {
        /** Non-overlapping {@code size × size} windows (stride = size). */
        public MaxPool2d(int size) {
            this(Window2d.square(positive("size", size), size, 0));
        }

        @Override
        public Layer build(Shape input, ParameterFactory parameters) {
            return new MaxPool2dLayer(input, window, parameters.where());
        }

        @Override
        public String toString() {
            return "maxpool(" + poolArgs(window) + ")";
        }
    }

    /**
     * Average-pooling over a window; {@code avgpool(2)} is non-overlapping {@code 2 × 2} windows.
     *
     * @param countIncludePad whether padded zeros count in the average (PyTorch's default) or
     *     not (ONNX's default)
     */
    record AvgPool2d(Window2d window, boolean countIncludePad) implements Unary {
        /** Without padding the count mode makes no difference: it is normalised to {@code false}. */
        public AvgPool2d {
            countIncludePad = countIncludePad && !window.unpadded();
        }

        /** Non-overlapping {@code size × size} windows (stride = size). */
        public AvgPool2d(int size) {
            this(Window2d.square(positive("size", size), size, 0), false);
        }

        @Override
        public Layer build(Shape input, ParameterFactory parameters) {
            return new AvgPool2dLayer(input, this, parameters.where());
        }

        @Override
        public String toString() {
            return "avgpool(" + poolArgs(window) + (countIncludePad && !window.unpadded() ? ",include-pad" : "") + ")";
        }
    }

    /** Global average pooling: {@code (C, H, W) → (C, 1, 1)}. */
    record GlobalAvgPool() implements Unary {
        @Override
        public Layer build(Shape input, ParameterFactory parameters) {
            return new GlobalAvgPoolLayer(input, parameters.where());
        }

        @Override
        public String toString() {
            return "gap";
        }
    }

    /** Element-wise activation. */
    record Activation(ActivationKind kind) implements Unary {
        @Override
        public Layer build(Shape input, ParameterFactory parameters) {
            return new ActivationLayer(input, kind);
        }

        @Override
        public String toString() {
            return kind.label();
        }
    }

    /** {@code max(z, slope·z)}. */
    record LeakyRelu(double slope) implements Unary {
        /** Validates the slope. */
        public LeakyRelu {
            requireFinite("leakyrelu slope", slope);
        }

        @Override
        public Layer build(Shape input, ParameterFactory parameters) {
            return new LeakyReluLayer(input, slope);
        }

        @Override
        public String toString() {
            return "leakyrelu(" + slope + ")";
        }
    }

    /** {@code min(max(z, min), max)}; ReLU6 is {@code clip(0,6)}. Infinite bounds are allowed. */
    record Clip(double min, double max) implements Unary {
        /** Validates the bounds. */
        public Clip {
            if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
                throw new IllegalArgumentException("clip needs min <= max, got " + min + ", " + max);
            }
        }

        @Override
        public Layer build(Shape input, ParameterFactory parameters) {
            return new ClipLayer(input, this);
        }

        @Override
        public String toString() {
            return "clip(" + min + "," + max + ")";
        }
    }

    /** Inverted dropout with drop probability {@code rate}. */
    record Dropout(double rate) implements Unary {
        /** Validates the rate. */
        public Dropout {
            if (!(rate >= 0 && rate < 1)) {
                throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
            }
        }

        @Override
        public Layer build(Shape input, ParameterFactory parameters) {
            return new DropoutLayer(input, rate);
        }

        @Override
        public String toString() {
            return "dropout(" + rate + ")";
        }
    }

    /** Flattens each sample to a vector. */
    record Flatten() implements Unary {
        @Override
        public Layer build(Shape input, ParameterFactory parameters) {
            return new ReshapeLayer("flatten", input, new Shape(input.size()), parameters.where());
        }

        @Override
        public String toString() {
            return "flatten";
        }
    }

    /** Reshapes each sample to {@code target} (same number of values). */
    record Reshape(Shape target) implements Unary {
        /** Validates the target. */
        public Reshape {
            if (target.dimension() == 0 || target.size() <= 0) {
                throw new IllegalArgumentException("reshape needs a non-empty target shape, got " + target);
            }
        }

        @Override
        public Layer build(Shape input, ParameterFactory parameters) {
            return new ReshapeLayer("reshape", input, target, parameters.where());
        }

        @Override
        public String toString() {
            return "reshape(" + dims(target) + ")";
        }
    }

    /**
     * Batch normalisation over the feature axis (vectors) or the channel axis (images), with
     * PyTorch's conventions: {@code momentum} weights the new statistic, the running variance is
     * unbiased.
     */
    record BatchNorm(double momentum, double epsilon) implements Unary {
        /** Validates momentum and epsilon. */
        public BatchNorm {
            if (!(momentum > 0 && momentum <= 1) || !(epsilon > 0)) {
                throw new IllegalArgumentException(
                        "batchnorm needs momentum in (0, 1] and epsilon > 0, got " + momentum + ", " + epsilon);
            }
        }

        @Override
        public Layer build(Shape input, ParameterFactory parameters) {
            return new BatchNormLayer(input, this, parameters);
        }

        @Override
        public String toString() {
            return "batchnorm(" + momentum + "," + epsilon + ")";
        }
    }

    /** The identity. */
    record Identity() implements Unary {
        @Override
        public Layer build(Shape input, ParameterFactory parameters) {
            return new ReshapeLayer("identity", input, input, parameters.where());
        }

        @Override
        public String toString() {
            return "identity";
        }
    }

    /**
     * Constant padding of each sample: {@code before.get(i)} and {@code after.get(i)} values of
     * {@code value} around per-sample axis {@code i}.
     */
    record Pad(List<Integer> before, List<Integer> after, double value) implements Unary {
        /** Copies the lists and validates them. */
        public Pad {
            before = List.copyOf(before);
            after = List.copyOf(after);
            if (before.size() != after.size() || before.stream().anyMatch(p -> p < 0) || after.stream().anyMatch(p -> p < 0)) {
                throw new IllegalArgumentException(
                        "pad needs as many non-negative 'before' as 'after' amounts, got " + before + " and " + after);
            }
            requireFinite("pad value", value);
        }

        @Override
        public Layer build(Shape input, ParameterFactory parameters) {
            return new PadLayer(input, this, parameters.where());
        }

        @Override
        public String toString() {
            return "pad(" + before.stream().map(String::valueOf).collect(Collectors.joining(":")) + ":"
                    + after.stream().map(String::valueOf).collect(Collectors.joining(":")) + "," + value + ")";
        }
    }

    /**
     * Adds a constant (broadcast to each sample) that is a parameter of its own: {@code y = x + c}.
     *
     * @param shape the constant's shape, broadcast against the per-sample shape as NumPy does (a
     *     leading axis beyond the sample's rank stands for the batch axis)
     * @param trainable whether the optimiser updates it
     */
    record Shift(Shape shape, boolean trainable) implements Unary {
        @Override
        public Layer build(Shape input, ParameterFactory parameters) {
            return new ConstantOperandLayer(input, this, false, shape, trainable, parameters);
        }

        @Override
        public String toString() {
            return "shift(" + dims(shape) + (trainable ? "" : ",frozen") + ")";
        }
    }

    /**
     * Multiplies by a constant (broadcast to each sample) that is a parameter of its own:
     * {@code y = x ⊙ c}.
     *
     * @param shape the constant's shape, broadcast as for {@link Shift}
     * @param trainable whether the optimiser updates it
     */
    record Scale(Shape shape, boolean trainable) implements Unary {
        @Override
        public Layer build(Shape input, ParameterFactory parameters) {
            return new ConstantOperandLayer(input, this, true, shape, trainable, parameters);
        }

        @Override
        public String toString() {
            return "scale(" + dims(shape) + (trainable ? "" : ",frozen") + ")";
        }
    }

    /** Element-wise sum of two or more inputs, broadcast as NumPy does (residual connections). */
    record Add() implements LayerSpec {
        @Override
        public Layer build(List<Shape> inputs, ParameterFactory parameters) {
            return new ElementwiseJoinLayer(inputs, false, parameters.where());
        }

        @Override
        public String toString() {
            return "add";
        }
    }

    /** Element-wise product of two or more inputs, broadcast as NumPy does (gating). */
    record Mul() implements LayerSpec {
        @Override
        public Layer build(List<Shape> inputs, ParameterFactory parameters) {
            return new ElementwiseJoinLayer(inputs, true, parameters.where());
        }

        @Override
        public String toString() {
            return "mul";
        }
    }

    /** Concatenation along per-sample axis {@code axis} (0: channels of images, features of vectors). */
    record Concat(int axis) implements LayerSpec {
        /** Validates the axis. */
        public Concat {
            if (axis < 0) {
                throw new IllegalArgumentException("concat axis must be >= 0 (a per-sample axis), got " + axis);
            }
        }

        @Override
        public Layer build(List<Shape> inputs, ParameterFactory parameters) {
            return new ConcatLayer(inputs, axis, parameters.where());
        }

        @Override
        public String toString() {
            return "concat(" + axis + ")";
        }
    }

    private static String poolArgs(Window2d window) {
        boolean simple = window.isSquare() && window.unpadded() && window.strideHeight() == window.kernelHeight();
        return simple ? String.valueOf(window.kernelHeight()) : window.describe();
    }

    private static String dims(Shape shape) {
        if (shape.dimension() == 0) {
            return "scalar";
        }
        List<String> d = new ArrayList<>();
        for (long v : shape.getShape()) {
            d.add(String.valueOf(v));
        }
        return String.join("x", d);
    }

    private static int positive(String what, int value) {
        requirePositive(what, value);
        return value;
    }

    private static void requirePositive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }

    private static void requireFinite(String what, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " must be finite, got " + value);
        }
    }
}
