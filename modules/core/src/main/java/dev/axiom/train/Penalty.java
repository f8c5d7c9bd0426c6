package dev.axiom.train;

import dev.axiom.attribution.AttributionMethod;
import dev.axiom.attribution.Target;
import dev.axiom.prior.Prior;

/**
 * One term {@code λ Ω(Φ(θ, X))} of an objective: a prior on the attributions of a method for a
 * target, or, with no method, a prior on the parameters.
 *
 * @param name label in logs and metrics
 * @param weight λ
 * @param prior Ω
 * @param method Φ, or null for a parameter penalty
 * @param target the explained scalar, or null for a parameter penalty
 */
public record Penalty(
        String name, double weight, Prior prior, AttributionMethod method, Target target) {

    /** Checks that attribution priors have a method and a target. */
    public Penalty {
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException(
                    "penalty '" + name + "' has weight " + weight + "; it must be finite and >= 0");
        }
        if (prior.needsAttributions() && (method == null || target == null)) {
            throw new IllegalArgumentException(
                    "penalty '" + name + "' (" + prior.describe() + ") needs an attribution method and a target");
        }
    }

    /** {@code weight · prior(method's attributions of target)}. */
    public static Penalty onAttributions(
            String name, double weight, Prior prior, AttributionMethod method, Target target) {
        return new Penalty(name, weight, prior, method, target);
    }

    /** {@code weight · prior(parameters)}. */
    public static Penalty onParameters(String name, double weight, Prior prior) {
        return new Penalty(name, weight, prior, null, null);
    }
}
