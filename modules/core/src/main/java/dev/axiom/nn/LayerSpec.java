package dev.axiom.nn;

import ai.djl.ndarray.types.Shape;

/**
 * Immutable description of one layer; {@link #build} creates it for a given input shape.
 *
 * <p>The text form ({@link #toString()}, e.g. {@code conv2d(32,5,1,2)}) is what configuration files
 * and checkpoints use; {@link LayerSpecs#parse} reads it back.
 */
public sealed interface LayerSpec {

    /** Creates the layer for inputs of per-sample shape {@code input}. */
    Layer build(Shape input, ParameterFactory parameters);

    /** Fully connected layer {@code y = x Wᵀ + b}; input must be a vector per sample. */
    record Linear(int units, boolean bias) implements LayerSpec {
        /** Validates the number of units. */
        public Linear {
            requirePositive("units", units);
        }

        @Override
        public Layer build(Shape input, ParameterFactory parameters) {
            return new LinearLayer(input, this, parameters);
        }

        @Override
        public String toString() {
            return bias ? "linear(" + units + ")" : "linear(" + units + ",nobias)";
        }
    }

    /** 2-D convolution with square kernel, stride and zero padding (one group). */
    record Conv2d(int filters, int kernel, int stride, int padding) implements LayerSpec {
        /** Validates the geometry. */
        public Conv2d {
            requirePositive("filters", filters);
            requirePositive("kernel", kernel);
            requirePositive("stride", stride);
            if (padding < 0 || padding >= kernel) {
                throw new IllegalArgumentException(
                        "conv2d padding must be in [0, kernel - 1] = [0, "
                                + (kernel - 1)
                                + "], got "
                                + padding);
            }
        }

        @Override
        public Layer build(Shape input, ParameterFactory parameters) {
            return new Conv2dLayer(input, this, parameters);
        }

        @Override
        public String toString() {
            return "conv2d(" + filters + "," + kernel + "," + stride + "," + padding + ")";
        }
    }

    /** Non-overlapping max-pooling over {@code size × size} windows (stride = size). */
    record MaxPool2d(int size) implements LayerSpec {
        /** Validates the window. */
        public MaxPool2d {
            requirePositive("size", size);
        }

        @Override
        public Layer build(Shape input, ParameterFactory parameters) {
            return new MaxPool2dLayer(input, size, parameters.index());
        }

        @Override
        public String toString() {
            return "maxpool(" + size + ")";
        }
    }

    /** Non-overlapping average-pooling over {@code size × size} windows (stride = size). */
    record AvgPool2d(int size) implements LayerSpec {
        /** Validates the window. */
        public AvgPool2d {
            requirePositive("size", size);
        }

        @Override
        public Layer build(Shape input, ParameterFactory parameters) {
            return new AvgPool2dLayer(input, size, parameters.index());
        }

        @Override
        public String toString() {
            return "avgpool(" + size + ")";
        }
    }

    /** Element-wise activation. */
    record Activation(ActivationKind kind) implements LayerSpec {
        @Override
        public Layer build(Shape input, ParameterFactory parameters) {
            return new ActivationLayer(input, kind, parameters.index());
        }

        @Override
        public String toString() {
            return kind.label();
        }
    }

    /** Inverted dropout with drop probability {@code rate}. */
    record Dropout(double rate) implements LayerSpec {
        /** Validates the rate. */
        public Dropout {
            if (!(rate >= 0 && rate < 1)) {
                throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
            }
        }

        @Override
        public Layer build(Shape input, ParameterFactory parameters) {
            return new DropoutLayer(input, rate, parameters.index());
        }

        @Override
        public String toString() {
            return "dropout(" + rate + ")";
        }
    }

    /** Flattens each sample to a vector. */
    record Flatten() implements LayerSpec {
        @Override
        public Layer build(Shape input, ParameterFactory parameters) {
            return new FlattenLayer(input, parameters.index());
        }

        @Override
        public String toString() {
            return "flatten";
        }
    }

    /**
     * Batch normalisation over the feature axis (vectors) or the channel axis (images), with
     * PyTorch's conventions: {@code momentum} weights the new statistic, the running variance is
     * unbiased.
     */
    record BatchNorm(double momentum, double epsilon) implements LayerSpec {
        /** Validates momentum and epsilon. */
        public BatchNorm {
            if (!(momentum > 0 && momentum <= 1) || !(epsilon > 0)) {
                throw new IllegalArgumentException(
                        "batchnorm needs momentum in (0, 1] and epsilon > 0, got "
                                + momentum
                                + ", "
                                + epsilon);
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

    private static void requirePositive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }
}
