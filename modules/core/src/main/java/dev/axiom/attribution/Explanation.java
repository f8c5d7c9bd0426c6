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
}
