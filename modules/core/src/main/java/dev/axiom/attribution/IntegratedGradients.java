package dev.axiom.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.axiom.nn.Network;
import dev.axiom.nn.NetworkPass;
import dev.axiom.tensor.Tensors;

/**
 * Integrated gradients: {@code φ_i = (x_i − b_i) ∫₀¹ ∂S(b + α(x − b))/∂x_i dα}, the integral taken
 * with {@code steps} points of a {@link Quadrature} rule, all points in one batch of
 * {@code steps · N} rows (use {@link Explainer} to bound memory for large {@code steps}).
 */
public final class IntegratedGradients implements AttributionMethod {

    private final Baseline baseline;
    private final int steps;
    private final Quadrature quadrature;

    /** IG from {@code baseline} with {@code steps} points of {@code quadrature}. */
    public IntegratedGradients(Baseline baseline, int steps, Quadrature quadrature) {
        quadrature.points(steps); // validates
        this.baseline = baseline;
        this.steps = steps;
        this.quadrature = quadrature;
    }

    @Override
    public NDArray attribute(
            Network network, NDArray x, NDArray labels, Target target, AttributionContext context) {
        NDArray b = baseline.of(x);
        Target.Resolved resolved = target.resolve(network, x, labels);
        return x.sub(b)
                .mul(weightedGradient(
                        network, x, b, resolved.labels(), resolved.target(), context, 0, steps));
    }

    /**
     * {@code Σ_{j ∈ [from, to)} w_j ∂S(b + α_j(x − b))/∂x}: part of the integral, so that callers
     * can split the points into chunks.
     */
    NDArray weightedGradient(
            Network network,
            NDArray x,
            NDArray b,
            NDArray labels,
            Target target,
            AttributionContext context,
            int from,
            int to) {
        double[] alphas = quadrature.points(steps);
        double[] weights = quadrature.weights(steps);
        int m = to - from;
        Shape shape = x.getShape();
        Shape column = columnShape(m, shape);
        double[] a = java.util.Arrays.copyOfRange(alphas, from, to);
        double[] w = java.util.Arrays.copyOfRange(weights, from, to);
        NDArray alpha = Tensors.owned(x.getManager().create(a)).toType(x.getDataType(), false).reshape(column);
        NDArray weight = Tensors.owned(x.getManager().create(w)).toType(x.getDataType(), false).reshape(column);
        NDArray delta = x.sub(b);
        NDArray points =
                b.expandDims(0).add(alpha.mul(delta.expandDims(0))).reshape(stacked(m, shape));
        NDArray repeatedLabels = labels == null ? null : tile(labels, m);
        NetworkPass pass = network.forward(points, context.mode());
        NDArray g = pass.inputGradient(target.outputGradient(pass.output(), repeatedLabels));
        return g.reshape(new Shape(m).addAll(shape))
                .mul(weight)
                .sum(new int[] {0});
    }

    private static Shape columnShape(int m, Shape sampleBatch) {
        long[] dims = new long[sampleBatch.dimension() + 1];
        java.util.Arrays.fill(dims, 1);
        dims[0] = m;
        return new Shape(dims);
    }

    private static Shape stacked(int m, Shape shape) {
        long[] dims = shape.getShape().clone();
        dims[0] = dims[0] * m;
        return new Shape(dims);
    }

    /** Labels repeated {@code m} times along the first axis (all of block 0, then block 1...). */
    static NDArray tile(NDArray labels, int m) {
        long[] reps = new long[labels.getShape().dimension()];
        java.util.Arrays.fill(reps, 1);
        reps[0] = m;
        return labels.tile(reps);
    }

    /** The baseline. */
    public Baseline baseline() {
        return baseline;
    }

    /** The number of quadrature points. */
    public int steps() {
        return steps;
    }

    /** The quadrature rule. */
    public Quadrature quadrature() {
        return quadrature;
    }

    @Override
    public boolean satisfiesCompleteness() {
        return true;
    }

    @Override
    public String describe() {
        return "integrated-gradients(steps="
                + steps
                + ", "
                + quadrature.name().toLowerCase(java.util.Locale.ROOT)
                + ", baseline="
                + baseline.describe()
                + ")";
    }
}
