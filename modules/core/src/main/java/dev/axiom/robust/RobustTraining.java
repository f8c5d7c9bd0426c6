package dev.axiom.robust;

import ai.djl.ndarray.NDArray;
import dev.axiom.attack.LinfBall;
import dev.axiom.attack.ProjectedAscent;
import dev.axiom.loss.Loss;
import dev.axiom.nn.ForwardMode;
import dev.axiom.nn.Network;
import dev.axiom.tensor.Rng;
import dev.axiom.tensor.Tensors;
import java.util.function.Function;

/**
 * A robust training objective: which mode, and how its inner maximisation over the ℓ∞ ball is
 * solved. {@code GradientStep} calls {@link #innerMaximum} (with the parameters frozen), computes
 * the task loss at {@link #trainsOnPerturbed() x or x'}, and adds {@link #attributionTerm}.
 *
 * <p>IG-NORM needs a random start: {@code ‖IG(x, x')‖₁} has a zero gradient at {@code x' = x}.
 * The inner maximisation runs in inference mode (no dropout; batch-norm's running statistics),
 * as an attacker would see the model; the IG term of the outer loss runs in the objective's
 * attribution mode.
 *
 * @param mode what is optimised
 * @param ascent the inner maximisation: ball (ε, input range), steps, step size, random start
 * @param igSteps m of the IG term in the outer loss
 * @param attackIgSteps m of the IG inside the inner maximisation
 * @param lambda λ of IG-NORM
 * @param beta β of IG-SUM-NORM
 */
public record RobustTraining(
        RobustMode mode, ProjectedAscent ascent, int igSteps, int attackIgSteps, double lambda, double beta) {

    /** Checks the weights and step counts. */
    public RobustTraining {
        if (igSteps < 1 || attackIgSteps < 1) {
            throw new IllegalArgumentException(
                    "robust training needs IG steps >= 1, got " + igSteps + " and " + attackIgSteps);
        }
        if (!(lambda >= 0) || !(beta >= 0) || Double.isInfinite(lambda) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException(
                    "robust training needs finite lambda and beta >= 0, got " + lambda + " and " + beta);
        }
        if (mode == RobustMode.IG_NORM && !ascent.randomStart() && ascent.steps() > 0) {
            throw new IllegalArgumentException(
                    "IG-NORM needs a random start: at x' = x the gradient of ‖IG(x, x')‖₁ is 0, so the ascent"
                            + " would never leave x");
        }
    }

    /** Natural training: no inner maximisation, no term. */
    public static RobustTraining natural() {
        return new RobustTraining(
                RobustMode.NATURAL, new ProjectedAscent(LinfBall.ofImages(0), 0, 0, false), 1, 1, 0, 0);
    }

    /** Whether there is an inner maximisation. */
    public boolean perturbs() {
        return mode != RobustMode.NATURAL;
    }

    /** Whether the task loss is taken at the perturbed point (Madry, IG-SUM-NORM) rather than at x. */
    public boolean trainsOnPerturbed() {
        return mode == RobustMode.MADRY || mode == RobustMode.IG_SUM_NORM;
    }

    /** The weight of {@code ‖IG^ℓ(x, x')‖₁} in the outer loss: λ, β, or 0. */
    public double attributionWeight() {
        return switch (mode) {
            case IG_NORM -> lambda;
            case IG_SUM_NORM -> beta;
            default -> 0;
        };
    }

    /**
     * The inner maximiser {@code x'} of the mode's inner objective, without a gradient history
     * (registered in the caller's scope); {@code x} itself for natural training.
     *
     * @param rng the random start
     */
    public NDArray innerMaximum(Network network, NDArray x, NDArray labels, Loss loss, Rng rng) {
        if (!perturbs()) {
            return x;
        }
        ForwardMode inference = ForwardMode.inference();
        Function<NDArray, NDArray> objective =
                switch (mode) {
                    case MADRY -> p -> loss.perSample(network.forward(p, inference).output(), labels);
                    case IG_NORM -> p -> LossPathIntegral.of(network, x, p, labels, loss, attackIgSteps, inference).l1();
                    default -> p -> {
                        LossPathIntegral.Norms norms =
                                LossPathIntegral.of(network, x, p, labels, loss, attackIgSteps, inference);
                        return norms.endLoss().add(Tensors.times(norms.l1(), beta));
                    };
                };
        return ascent.maximise(x, objective, network.parameterArrays(), rng);
    }

    /**
     * The outer loss's attribution term, {@code weight · mean_i ‖IG^ℓ_{y_i}(x_i, x'_i)‖₁} with
     * {@code igSteps} points, differentiable in the parameters; null when the mode has none.
     */
    public NDArray attributionTerm(
            Network network, NDArray x, NDArray perturbed, NDArray labels, Loss loss, ForwardMode forward) {
        if (mode != RobustMode.IG_NORM && mode != RobustMode.IG_SUM_NORM) {
            return null;
        }
        NDArray l1 = LossPathIntegral.of(network, x, perturbed, labels, loss, igSteps, forward).l1();
        return Tensors.times(l1.mean(), attributionWeight());
    }

    /** A one-line description for logs and reports. */
    public String describe() {
        if (!perturbs()) {
            return "natural";
        }
        String weights = switch (mode) {
            case IG_NORM -> ", lambda=" + lambda + ", m=" + igSteps + "/" + attackIgSteps;
            case IG_SUM_NORM -> ", beta=" + beta + ", m=" + igSteps + "/" + attackIgSteps;
            default -> "";
        };
        return mode.label() + "(eps=" + ascent.ball().epsilon() + ", steps=" + ascent.steps()
                + ", step-size=" + ascent.stepSize() + (ascent.randomStart() ? ", random start" : "") + weights + ")";
    }
}
