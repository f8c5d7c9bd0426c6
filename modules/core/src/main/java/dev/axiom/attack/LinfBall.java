package dev.axiom.attack;

import ai.djl.ndarray.NDArray;
import dev.axiom.tensor.Rng;
import dev.axiom.tensor.Tensors;

/**
 * The feasible perturbations of a batch {@code x}: every {@code x'} with
 * {@code ‖x' − x‖∞ ≤ ε} inside the valid input range {@code [lower, upper]}.
 *
 * @param epsilon radius ε ≥ 0
 * @param lower smallest valid input value
 * @param upper largest valid input value
 */
public record LinfBall(double epsilon, double lower, double upper) {

    /** Checks the radius and the range. */
    public LinfBall {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("the attack radius epsilon must be finite and >= 0, got " + epsilon);
        }
        if (!(lower < upper)) {
            throw new IllegalArgumentException(
                    "the input range must have lower < upper, got [" + lower + ", " + upper + "]");
        }
    }

    /** The ball of radius {@code epsilon} within images' range [0, 1]. */
    public static LinfBall ofImages(double epsilon) {
        return new LinfBall(epsilon, 0, 1);
    }

    /**
     * The feasible point nearest to {@code candidate} in ℓ∞ (coordinate-wise clipping): first to
     * {@code [x − ε, x + ε]}, then to the input range. {@code center} is {@code x}.
     */
    public NDArray project(NDArray candidate, NDArray center) {
        NDArray low = Tensors.plus(center, -epsilon).clip(lower, upper);
        NDArray high = Tensors.plus(center, epsilon).clip(lower, upper);
        return candidate.maximum(low).minimum(high);
    }

    /** A point drawn uniformly from {@code [x − ε, x + ε]}, then projected (the random start). */
    public NDArray randomPoint(NDArray center, Rng rng) {
        int n = Math.toIntExact(center.getShape().size());
        NDArray noise =
                Tensors.owned(center.getManager().create(rng.uniform(n, -epsilon, epsilon), center.getShape()))
                        .toType(center.getDataType(), false);
        return project(center.add(noise), center);
    }
}
