package dev.axiom.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.axiom.tensor.Autograd;
import dev.axiom.tensor.Rng;
import dev.axiom.tensor.Tensors;
import java.util.List;
import java.util.function.Function;

/**
 * Projected sign-gradient ascent in an ℓ∞ ball (PGD): {@code x'_{t+1} = Π(x'_t + η sign ∇f(x'_t))},
 * from {@code x} or a random point of the ball. The objective maps a batch of points to one value
 * per sample, and the ascent climbs their sum, so each sample climbs its own value.
 *
 * <p>The gradient is taken with respect to the input only: the parameters given as frozen are not
 * differentiated, and their accumulated gradients are left as they were. Each step runs in its own
 * {@code NDScope}; only the iterate survives it.
 *
 * @param ball the feasible set
 * @param steps number of steps
 * @param stepSize η
 * @param randomStart start from a uniform point of the ball rather than from {@code x}
 */
public record ProjectedAscent(LinfBall ball, int steps, double stepSize, boolean randomStart) {

    /** Checks the step count and size. */
    public ProjectedAscent {
        if (steps < 0) {
            throw new IllegalArgumentException("the number of ascent steps must be >= 0, got " + steps);
        }
        if (!(stepSize >= 0) || Double.isInfinite(stepSize)) {
            throw new IllegalArgumentException("the ascent step size must be finite and >= 0, got " + stepSize);
        }
    }

    /** The first iterate: {@code x}'s values, or a random point of the ball around {@code x}. */
    public NDArray start(NDArray x, Rng rng) {
        return Autograd.notRecording(() -> randomStart ? ball.randomPoint(x, rng) : x.duplicate());
    }

    /**
     * One step from {@code current}, for the ball around {@code center}.
     *
     * @return the next iterate, registered in the caller's scope, without a gradient history
     */
    public NDArray step(
            NDArray center, NDArray current, Function<NDArray, NDArray> objective, List<NDArray> frozen) {
        NDArray next;
        try (NDScope scope = new NDScope()) {
            NDArray gradient = Autograd.inputGradient(current, p -> objective.apply(p).sum(), frozen);
            next = Autograd.notRecording(
                    () -> ball.project(current.add(Tensors.times(gradient.sign(), stepSize)), center));
            NDScope.unregister(next);
        }
        NDScope.register(next);
        return next;
    }

    /**
     * Runs every step and returns the last iterate (registered in the caller's scope).
     *
     * @param objective per-sample values {@code (N)} of a batch of points
     * @param frozen the parameters of the networks the objective runs (not differentiated)
     */
    public NDArray maximise(
            NDArray x, Function<NDArray, NDArray> objective, List<NDArray> frozen, Rng rng) {
        NDArray current = start(x, rng);
        for (int t = 0; t < steps; t++) {
            NDArray next = step(x, current, objective, frozen);
            NDScope.unregister(current);
            current.close();
            current = next;
        }
        return current;
    }
}
