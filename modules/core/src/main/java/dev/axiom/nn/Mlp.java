package dev.axiom.nn;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Builder of multilayer perceptrons: {@code [linear, (batchnorm), activation, (dropout)]} per hidden
 * layer, then a linear output layer.
 *
 * <pre>{@code
 * Architecture arch = Mlp.builder().setInputs(118).optHidden(512, 128, 32).setOutputs(1).build();
 * }</pre>
 */
public final class Mlp {

    private Mlp() {}

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds MLP architectures; {@code set*} are required, {@code opt*} optional. */
    public static final class Builder {
        private int inputs;
        private int outputs;
        private int[] hidden = new int[0];
        private ActivationKind activation = ActivationKind.RELU;
        private double dropout;
        private boolean batchNorm;

        private Builder() {}

        /** Number of input features (required). */
        public Builder setInputs(int inputs) {
            this.inputs = inputs;
            return this;
        }

        /** Number of outputs: classes for classification, 1 for binary or regression (required). */
        public Builder setOutputs(int outputs) {
            this.outputs = outputs;
            return this;
        }

        /** Widths of the hidden layers (default: none, a linear model). */
        public Builder optHidden(int... widths) {
            this.hidden = widths.clone();
            return this;
        }

        /** Hidden activation (default ReLU). */
        public Builder optActivation(ActivationKind activation) {
            this.activation = activation;
            return this;
        }

        /** Dropout rate after each hidden activation (default 0: none). */
        public Builder optDropout(double rate) {
            this.dropout = rate;
            return this;
        }

        /** Batch normalisation before each hidden activation (default off). */
        public Builder optBatchNorm(boolean on) {
            this.batchNorm = on;
            return this;
        }

        /** Validates and builds. */
        public Architecture build() {
            if (inputs <= 0 || outputs <= 0) {
                throw new IllegalArgumentException(
                        "an MLP needs positive inputs and outputs, got " + inputs + " and " + outputs);
            }
            List<LayerSpec> layers = new ArrayList<>();
            for (int width : hidden) {
                layers.add(new LayerSpec.Linear(width, true));
                if (batchNorm) {
                    layers.add(new LayerSpec.BatchNorm(0.1, 1e-5));
                }
                layers.add(new LayerSpec.Activation(activation));
                if (dropout > 0) {
                    layers.add(new LayerSpec.Dropout(dropout));
                }
            }
            layers.add(new LayerSpec.Linear(outputs, true));
            return new Architecture(new Shape(inputs), layers);
        }
    }
}
