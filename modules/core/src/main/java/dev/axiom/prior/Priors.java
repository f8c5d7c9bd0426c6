package dev.axiom.prior;

import ai.djl.ndarray.types.Shape;
import dev.axiom.prior.graph.FeatureGraph;
import java.util.List;

/** Static factories for every prior, so users find them all in one place. */
public final class Priors {

    private Priors() {}

    /** Pixel smoothness, channels summed, sd floored at 1e-8. */
    public static Prior pixelSmoothness() {
        return new PixelSmoothness(PixelSmoothness.Channels.SUM, 1e-8, null);
    }

    /** Pixel smoothness for attributions of flat inputs that are images of {@code imageShape}. */
    public static Prior pixelSmoothness(PixelSmoothness.Channels channels, Shape imageShape) {
        return new PixelSmoothness(channels, 1e-8, imageShape);
    }

    /** The graph Laplacian prior on {@code φ̄}. */
    public static GraphLaplacian graph(FeatureGraph graph) {
        return new GraphLaplacian(graph);
    }

    /** The negative Gini coefficient of {@code φ̄}. */
    public static Prior gini() {
        return new GiniSparsity();
    }

    /** Right for the right reasons with the context's mask. */
    public static Prior rightForRightReasons() {
        return new RightForRightReasons();
    }

    /** L1 norm of the attributions. */
    public static Prior attributionL1() {
        return new AttributionNorm(false);
    }

    /** Squared L2 norm of the attributions. */
    public static Prior attributionL2() {
        return new AttributionNorm(true);
    }

    /** L1 on weights. */
    public static Prior weightL1(ParameterNorm.Scope scope) {
        return new ParameterNorm(false, scope);
    }

    /** Squared L2 on weights. */
    public static Prior weightL2(ParameterNorm.Scope scope) {
        return new ParameterNorm(true, scope);
    }

    /** Sparse group lasso on the first layer. */
    public static Prior sparseGroupLasso(double alpha) {
        return new SparseGroupLasso(alpha);
    }

    /** {@code inner} applied to the attributions summed over the features of each table column. */
    public static Prior perColumn(Prior inner, int[] columnOfFeature) {
        return new PerColumn(inner, columnOfFeature);
    }

    /** {@code Σ λ_t Ω_t}. */
    public static Prior sum(WeightedSum.Term... terms) {
        return new WeightedSum(List.of(terms));
    }

    /** One term {@code λ Ω} of a {@link #sum}. */
    public static WeightedSum.Term term(double weight, Prior prior) {
        return new WeightedSum.Term(weight, prior);
    }
}
