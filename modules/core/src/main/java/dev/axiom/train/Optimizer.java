package dev.axiom.train;

import ai.djl.ndarray.NDArray;
import dev.axiom.nn.Parameter;
import java.util.List;

/**
 * Updates parameters in place from their gradients. Implementations keep their slots (moments,
 * momentum buffers) in a manager of their own, keyed by parameter name, and run with gradient
 * recording off. Not thread-safe.
 */
public interface Optimizer extends AutoCloseable {

    /**
     * Applies one update with learning rate {@code learningRate}; {@code gradients} are aligned
     * with {@code parameters}. Implementations may overwrite the gradients (scratch space).
     */
    void step(List<Parameter> parameters, List<NDArray> gradients, double learningRate);

    /** A copy of the slots and step count, for checkpoints. */
    OptimizerState state();

    /** Restores {@link #state()} (slot names must match the parameters'). */
    void restore(OptimizerState state);

    @Override
    void close();

    /** Adam with PyTorch's defaults (β = (0.9, 0.999), ε = 1e-8, no weight decay). */
    static Optimizer adam() {
        return new Adam(0.9, 0.999, 1e-8, 0);
    }

    /** SGD with the given momentum (0 for plain SGD). */
    static Optimizer sgd(double momentum) {
        return new Sgd(momentum, false, 0);
    }
}
