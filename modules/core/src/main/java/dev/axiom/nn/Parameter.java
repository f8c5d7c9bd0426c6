package dev.axiom.nn;

import ai.djl.ndarray.NDArray;

/**
 * A named array of a network: a trainable parameter or a non-trainable buffer (running
 * statistics). Names are {@code <layer index>.<layer kind>.<role>}, e.g. {@code 0.linear.weight}.
 *
 * @param name unique name inside its network
 * @param role what the array is for; decides whether it is trained and how priors treat it
 * @param layerIndex position of the owning layer in the network
 * @param array the values; trainable ones require gradients
 */
public record Parameter(String name, Role role, int layerIndex, NDArray array) {

    /** What a named array is for. */
    public enum Role {
        /** Multiplicative weights of linear and convolutional layers. */
        WEIGHT,
        /** Additive biases of linear and convolutional layers. */
        BIAS,
        /** Batch-norm scale γ. */
        SCALE,
        /** Batch-norm shift β. */
        SHIFT,
        /** Batch-norm running mean (not trained). */
        RUNNING_MEAN,
        /** Batch-norm running variance (not trained). */
        RUNNING_VAR;

        /** Whether arrays of this role are updated by the optimiser. */
        public boolean trainable() {
            return this != RUNNING_MEAN && this != RUNNING_VAR;
        }
    }
}
