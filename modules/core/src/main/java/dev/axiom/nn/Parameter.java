package dev.axiom.nn;

import ai.djl.ndarray.NDArray;

/**
 * A named array of a network: a trainable parameter or a non-trainable buffer (running
 * statistics, frozen constants). Names are {@code <node>.<role>} unless the node gives its own
 * ({@link Node#parameterNames()}): in a sequence, nodes are named {@code <index>.<kind>}, so
 * {@code 0.linear.weight}; an imported network keeps its ONNX initializer names.
 *
 * @param name unique name inside its network
 * @param role what the array is for; decides whether it is trained and how priors treat it
 * @param layerIndex position of the owning node in the network's (topological) order
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
        RUNNING_VAR,
        /** A constant operand that is not trained (an ONNX {@code Constant} the network adds or multiplies by). */
        CONSTANT;

        /** Whether arrays of this role are updated by the optimiser. */
        public boolean trainable() {
            return this != RUNNING_MEAN && this != RUNNING_VAR && this != CONSTANT;
        }
    }
}
