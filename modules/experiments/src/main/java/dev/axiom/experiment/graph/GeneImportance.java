package dev.axiom.experiment.graph;

import dev.axiom.prior.graph.FeatureGraph;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** Measures of a global importance vector {@code φ̄} over genes: ranking and agreement with a graph. */
final class GeneImportance {

    private GeneImportance() {}

    /** {@code φ̄_i = mean_ℓ |φ_i^ℓ|} of row-major attributions of {@code samples × features}. */
    static double[] meanAbsolute(float[] attributions, int samples, int features) {
        if (samples < 1 || attributions.length != (long) samples * features) {
            throw new IllegalArgumentException("attributions have " + attributions.length + " values, expected "
                    + samples + " samples × " + features + " features");
        }
        double[] bar = new double[features];
        for (int l = 0; l < samples; l++) {
            for (int i = 0; i < features; i++) {
                bar[i] += Math.abs(attributions[l * features + i]);
            }
        }
        for (int i = 0; i < features; i++) {
            bar[i] /= samples;
        }
        return bar;
    }

    /** {@code v / Σ v} (all zeros stay zeros). */
    static double[] normalized(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = sum == 0 ? 0 : v[i] / sum;
        }
        return out;
    }

    /**
     * The Rayleigh quotient {@code φ̄ᵀ L φ̄ / φ̄ᵀ φ̄} of the graph Laplacian: how much the importance
     * varies across edges, independent of its scale (lower is smoother along the graph).
     */
    static double graphRoughness(FeatureGraph graph, double[] importance) {
        double norm = 0;
        for (double x : importance) {
            norm += x * x;
        }
        if (norm == 0) {
            return Double.NaN;
        }
        return graph.quadraticForm(importance) / norm;
    }

    /** The indices of the {@code k} largest values, largest first (ties: lower index first). */
    static List<Integer> top(double[] values, int k) {
        return IntStream.range(0, values.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -values[i]).thenComparingInt(i -> i))
                .limit(k)
                .collect(ArrayList::new, ArrayList::add, ArrayList::addAll);
    }

    /** The 1-based rank of {@code index} among {@code values} in decreasing order (ties: lower index first). */
    static int rank(double[] values, int index) {
        int rank = 1;
        for (int i = 0; i < values.length; i++) {
            if (values[i] > values[index] || (values[i] == values[index] && i < index)) {
                rank++;
            }
        }
        return rank;
    }

    /** The fraction of samples whose score is on the side of 0 their 0/1 label says (score > 0 ⇔ label 1). */
    static double accuracy(double[] scores, double[] labels) {
        if (scores.length != labels.length || scores.length == 0) {
            throw new IllegalArgumentException("accuracy needs as many scores as labels (and at least one), got "
                    + scores.length + " and " + labels.length);
        }
        int right = 0;
        for (int i = 0; i < scores.length; i++) {
            if ((scores[i] > 0) == (labels[i] > 0.5)) {
                right++;
            }
        }
        return (double) right / scores.length;
    }
}
