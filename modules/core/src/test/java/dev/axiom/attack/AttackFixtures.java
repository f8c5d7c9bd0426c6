package dev.axiom.attack;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.tensor.Rng;
import dev.axiom.testing.Arrays64;

/** Inputs on the edges of the valid range, and the check every attack's output must pass. */
public final class AttackFixtures {

    private AttackFixtures() {}

    /** Uniform [0, 1] inputs of which about a fifth are exactly 0 and a fifth exactly 1. */
    public static NDArray imagesWithEdges(NDManager manager, Rng rng, Shape shape, DataType type) {
        double[] v = Arrays64.doubles(Arrays64.uniform(manager, rng, shape, DataType.FLOAT64));
        for (int i = 0; i < v.length; i++) {
            double u = rng.nextDouble();
            v[i] = u < 0.2 ? 0 : u > 0.8 ? 1 : v[i];
        }
        return manager.create(v, shape).toType(type, false);
    }

    /** Every entry of {@code perturbed} is within {@code ε} of {@code x} and inside the ball's range. */
    public static void assertInside(LinfBall ball, double[] x, double[] perturbed) {
        assertThat(perturbed).hasSameSizeAs(x);
        double slack = 1e-6;
        for (int i = 0; i < x.length; i++) {
            assertThat(Math.abs(perturbed[i] - x[i]))
                    .as("|x' − x| at %d (ε = %s)", i, ball.epsilon())
                    .isLessThanOrEqualTo(ball.epsilon() + slack);
            assertThat(perturbed[i]).as("x' at %d", i).isBetween(ball.lower(), ball.upper());
        }
    }
}
