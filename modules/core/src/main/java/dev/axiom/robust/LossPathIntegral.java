package dev.axiom.robust;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.axiom.loss.Loss;
import dev.axiom.nn.ForwardMode;
import dev.axiom.nn.Network;
import dev.axiom.nn.NetworkPass;
import dev.axiom.tensor.Tensors;

/**
 * Integrated gradients of the loss along the segment from {@code x} to {@code x'}:
 * {@code IG^ℓ_y(x, x') = (x' − x) ⊙ (1/m) Σ_{j=1..m} ∂ℓ(x + (j/m)(x' − x), y)/∂input} (Riemann right
 * rule, as the reference implementations), through the attribution head, so that its ℓ1 norm is an
 * ordinary differentiable function of the parameters and of {@code x'}.
 */
public final class LossPathIntegral {

    private LossPathIntegral() {}

    /**
     * The ℓ1 norms and the end point's losses of one batch.
     *
     * @param l1 {@code ‖IG^ℓ_y(x_i, x'_i)‖₁}, shape {@code (N)}
     * @param endLoss {@code ℓ(x'_i, y_i)}, shape {@code (N)} (the last point of the path)
     */
    public record Norms(NDArray l1, NDArray endLoss) {}

    /** Runs the {@code m·N} path points in one forward pass and the head. */
    public static Norms of(
            Network network, NDArray x, NDArray end, NDArray labels, Loss loss, int steps, ForwardMode mode) {
        if (steps < 1) {
            throw new IllegalArgumentException("the IG path needs at least 1 step, got " + steps);
        }
        Shape shape = x.getShape();
        long n = shape.get(0);
        float[] alphas = new float[steps];
        for (int j = 0; j < steps; j++) {
            alphas[j] = (j + 1f) / steps;
        }
        long[] column = new long[shape.dimension() + 1];
        java.util.Arrays.fill(column, 1);
        column[0] = steps;
        NDArray alpha = Tensors.owned(x.getManager().create(alphas)).toType(x.getDataType(), false).reshape(new Shape(column));
        NDArray delta = end.sub(x);
        Shape stacked = new Shape(steps * n).addAll(shape.slice(1));
        NDArray points = x.expandDims(0).add(alpha.mul(delta.expandDims(0))).reshape(stacked);
        long[] reps = new long[labels.getShape().dimension()];
        java.util.Arrays.fill(reps, 1);
        reps[0] = steps;
        NDArray repeated = labels.tile(reps);
        NetworkPass pass = network.forward(points, mode);
        NDArray gradients = pass.inputGradient(loss.outputGradient(pass.output(), repeated));
        NDArray meanGradient = gradients.reshape(new Shape(steps).addAll(shape)).mean(new int[] {0});
        NDArray l1 = delta.mul(meanGradient).abs().reshape(n, -1).sum(new int[] {1});
        NDArray endOutput = pass.output().get(new NDIndex("{}:", (steps - 1) * n));
        return new Norms(l1, loss.perSample(endOutput, labels));
    }
}
