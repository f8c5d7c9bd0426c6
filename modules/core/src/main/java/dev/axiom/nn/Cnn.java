package dev.axiom.nn;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Builder of convolutional networks: convolution blocks, then dense layers, then the output layer.
 *
 * <pre>{@code
 * Architecture cnn = Cnn.paperMnist(); // the CNN of Erion et al. for 28×28 images
 * }</pre>
 */
public final class Cnn {

    private Cnn() {}

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The MNIST CNN of Erion et al.: conv 5×5×32 (same padding), ReLU, max-pool 2, conv 5×5×64,
     * ReLU, max-pool 2, dense 1024, ReLU, dropout 0.5, dense 10.
     */
    public static Architecture paperMnist() {
        return builder()
                .setInputShape(1, 28, 28)
                .addConv(32, 5, 1, 2)
                .addMaxPool(2)
                .addConv(64, 5, 1, 2)
                .addMaxPool(2)
                .addDense(1024)
                .optDropout(0.5)
                .setOutputs(10)
                .build();
    }

    /** Builds CNN architectures; {@code set*} are required, {@code opt*} optional. */
    public static final class Builder {
        private Shape inputShape;
        private int outputs;
        private final List<LayerSpec> features = new ArrayList<>();
        private final List<Integer> dense = new ArrayList<>();
        private ActivationKind activation = ActivationKind.RELU;
        private double dropout;
        private boolean batchNorm;

        private Builder() {}

        /** Per-sample input shape {@code (channels, height, width)} (required). */
        public Builder setInputShape(long channels, long height, long width) {
            this.inputShape = new Shape(channels, height, width);
            return this;
        }

        /** Number of outputs (required). */
        public Builder setOutputs(int outputs) {
            this.outputs = outputs;
            return this;
        }

        /** Adds a convolution followed by (batch-norm and) the activation. */
        public Builder addConv(int filters, int kernel, int stride, int padding) {
            features.add(new LayerSpec.Conv2d(filters, kernel, stride, padding));
            features.add(null); // placeholder: batch-norm and activation are resolved in build()
            return this;
        }

        /** Adds a non-overlapping max-pooling. */
        public Builder addMaxPool(int size) {
            features.add(new LayerSpec.MaxPool2d(size));
            return this;
        }

        /** Adds a non-overlapping average-pooling. */
        public Builder addAvgPool(int size) {
            features.add(new LayerSpec.AvgPool2d(size));
            return this;
        }

        /** Adds a dense hidden layer after the convolutional part. */
        public Builder addDense(int units) {
            dense.add(units);
            return this;
        }

        /** Activation after every convolution and dense layer (default ReLU). */
        public Builder optActivation(ActivationKind activation) {
            this.activation = activation;
            return this;
        }

        /** Dropout after each dense hidden layer (default 0: none). */
        public Builder optDropout(double rate) {
            this.dropout = rate;
            return this;
        }

        /** Batch normalisation after every convolution and dense layer (default off). */
        public Builder optBatchNorm(boolean on) {
            this.batchNorm = on;
            return this;
        }

        /** Validates and builds. */
        public Architecture build() {
            if (inputShape == null || outputs <= 0) {
                throw new IllegalArgumentException("a CNN needs an input shape and positive outputs");
            }
            List<LayerSpec> layers = new ArrayList<>();
            for (LayerSpec spec : features) {
                if (spec == null) {
                    addNormAndActivation(layers);
                } else {
                    layers.add(spec);
                }
            }
            layers.add(new LayerSpec.Flatten());
            for (int units : dense) {
                layers.add(new LayerSpec.Linear(units, true));
                addNormAndActivation(layers);
                if (dropout > 0) {
                    layers.add(new LayerSpec.Dropout(dropout));
                }
            }
            layers.add(new LayerSpec.Linear(outputs, true));
            return new Architecture(inputShape, layers);
        }

        private void addNormAndActivation(List<LayerSpec> layers) {
            if (batchNorm) {
                layers.add(new LayerSpec.BatchNorm(0.1, 1e-5));
            }
            layers.add(new LayerSpec.Activation(activation));
        }
    }
}
