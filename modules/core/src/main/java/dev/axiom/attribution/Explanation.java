package dev.axiom.attribution;

import ai.djl.ndarray.types.Shape;

/**
 * Attributions of many samples, copied to the host, with the explained values at the inputs and at
 * the baseline (IG) or averaged over the references used (EG), so that completeness can be read off
 * each row: {@code Σ_i φ_i ≈ output − referenceOutput}.
 *
 * @param shape shape of the explained batch {@code (N, features...)}
 * @param attributions row-major values, {@code N × features}
 * @param output {@code S(x)} per sample
 * @param referenceOutput {@code S(b)} (IG), mean {@code S(x')} (EG), or NaN where undefined
 */
public record Explanation(Shape shape, float[] attributions, float[] output, float[] referenceOutput) {

    /** Number of samples. */
    public int samples() {
        return Math.toIntExact(shape.get(0));
    }

    /** Number of features per sample. */
    public int features() {
        return Math.toIntExact(shape.size() / shape.get(0));
    }

    /** The attributions of sample {@code i}. */
    public float[] row(int i) {
        int p = features();
        float[] r = new float[p];
        System.arraycopy(attributions, i * p, r, 0, p);
        return r;
    }

    /** {@code Σ_i φ_i} for sample {@code i}. */
    public double rowSum(int i) {
        double s = 0;
        int p = features();
        for (int j = 0; j < p; j++) {
            s += attributions[i * p + j];
        }
        return s;
    }

    /** The global importance {@code φ̄_j = mean_i |φ_ij|} of each feature over the samples. */
    public double[] meanAbsolute() {
        int p = features();
        int n = samples();
        double[] mean = new double[p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                mean[j] += Math.abs(attributions[i * p + j]) / n;
            }
        }
        return mean;
    }

    /**
     * The attributions summed over groups of features (the features a table column was encoded
     * into): column {@code g} of a row is {@code Σ_{j : groupOf[j] = g} φ_j}. Row sums, outputs and
     * reference outputs are unchanged, so completeness holds as before.
     *
     * @param groupOf for each feature, its group, {@code 0..G−1}
     */
    public Explanation summedBy(int[] groupOf) {
        int p = features();
        if (groupOf.length != p) {
            throw new IllegalArgumentException(groupOf.length + " groups given for " + p + " features");
        }
        int groups = java.util.Arrays.stream(groupOf).max().orElse(-1) + 1;
        int n = samples();
        float[] summed = new float[n * groups];
        double[] row = new double[groups];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(row, 0);
            for (int j = 0; j < p; j++) {
                row[groupOf[j]] += attributions[i * p + j];
            }
            for (int g = 0; g < groups; g++) {
                summed[i * groups + g] = (float) row[g];
            }
        }
        return new Explanation(new Shape(n, groups), summed, output, referenceOutput);
    }
}
