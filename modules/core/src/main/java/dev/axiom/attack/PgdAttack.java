package dev.axiom.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDScope;
import dev.axiom.loss.Loss;
import dev.axiom.nn.ForwardMode;
import dev.axiom.nn.Network;
import dev.axiom.tensor.Autograd;
import dev.axiom.tensor.Rng;

/**
 * The PGD attack on the prediction (Madry et al.): projected sign-gradient ascent of the loss in
 * the ℓ∞ ball, from a random start, repeated {@code restarts} times; for each sample the restart
 * whose end point has the highest loss is kept.
 *
 * @param ascent the ball, steps, step size and start
 * @param restarts independent runs (at least 1)
 */
public record PgdAttack(ProjectedAscent ascent, int restarts) {

    /** Checks the number of restarts. */
    public PgdAttack {
        if (restarts < 1) {
            throw new IllegalArgumentException("a PGD attack needs at least 1 restart, got " + restarts);
        }
    }

    /**
     * Adversarial examples for {@code x} (inference mode), registered in the caller's scope.
     *
     * @param labels the labels the loss is computed with
     */
    public NDArray perturb(Network network, NDArray x, NDArray labels, Loss loss, Rng rng) {
        NDArray best = null;
        NDArray bestLoss = null;
        for (int r = 0; r < restarts; r++) {
            NDArray candidate = ascent.maximise(
                    x, p -> loss.perSample(network.forward(p, ForwardMode.inference()).output(), labels),
                    network.parameterArrays(), rng);
            if (best == null) {
                best = candidate;
                bestLoss = losses(network, candidate, labels, loss);
                continue;
            }
            NDArray previous = best;
            NDArray previousLoss = bestLoss;
            try (NDScope scope = new NDScope()) {
                NDArray candidateLoss = losses(network, candidate, labels, loss);
                NDArray better = candidateLoss.gt(previousLoss);
                NDArray rows = better.reshape(rowShape(x)).broadcast(x.getShape());
                best = NDArrays.where(rows, candidate, previous);
                bestLoss = NDArrays.where(better, candidateLoss, previousLoss);
                NDScope.unregister(best, bestLoss);
            }
            NDScope.register(best);
            NDScope.register(bestLoss);
        }
        return best;
    }

    private static NDArray losses(Network network, NDArray x, NDArray labels, Loss loss) {
        return Autograd.notRecording(
                () -> loss.perSample(network.forward(x, ForwardMode.inference()).output(), labels));
    }

    private static ai.djl.ndarray.types.Shape rowShape(NDArray x) {
        long[] dims = new long[x.getShape().dimension()];
        java.util.Arrays.fill(dims, 1);
        dims[0] = x.getShape().get(0);
        return new ai.djl.ndarray.types.Shape(dims);
    }
}
