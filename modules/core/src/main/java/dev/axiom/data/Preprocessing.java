package dev.axiom.data;

import java.util.Arrays;

/**
 * Per-feature preprocessing fitted on the training split only and applied to every split:
 * missing values (NaN) are replaced by the training mean, then, if standardising, each feature is
 * centred by its training mean and divided by its training standard deviation (features with zero
 * spread are only centred).
 *
 * @param mean training mean of each feature (ignoring missing values)
 * @param scale divisor of each feature (1 where not standardising)
 * @param standardize whether features are centred and scaled
 */
public record Preprocessing(float[] mean, float[] scale, boolean standardize) {

    /** Fits on {@code train}, every feature a measured value. */
    public static Preprocessing fit(Dataset train, boolean standardize) {
        boolean[] all = new boolean[train.featureCount()];
        Arrays.fill(all, true);
        return fit(train, standardize, all);
    }

    /**
     * Fits on {@code train}; features that are not {@code measured} (0/1 indicators of a one-hot
     * encoding or of missing cells) are left as they are.
     */
    public static Preprocessing fit(Dataset train, boolean standardize, boolean[] measured) {
        int p = train.featureCount();
        double[] sum = new double[p];
        double[] sumSq = new double[p];
        int[] count = new int[p];
        for (int i = 0; i < train.size(); i++) {
            for (int j = 0; j < p; j++) {
                float v = train.feature(i, j);
                if (!Float.isNaN(v)) {
                    sum[j] += v;
                    sumSq[j] += (double) v * v;
                    count[j]++;
                }
            }
        }
        float[] mean = new float[p];
        float[] scale = new float[p];
        for (int j = 0; j < p; j++) {
            if (!measured[j]) {
                scale[j] = 1f;
                continue;
            }
            double m = count[j] == 0 ? 0 : sum[j] / count[j];
            double var = count[j] < 2 ? 0 : (sumSq[j] - count[j] * m * m) / (count[j] - 1);
            mean[j] = (float) m;
            double sd = Math.sqrt(Math.max(var, 0));
            scale[j] = standardize && sd > 1e-12 ? (float) sd : 1f;
        }
        return new Preprocessing(mean, scale, standardize);
    }

    /** No change at all (images already scaled to [0, 1]). */
    public static Preprocessing identity(int features) {
        float[] zero = new float[features];
        float[] one = new float[features];
        Arrays.fill(one, 1f);
        return new Preprocessing(zero, one, false);
    }

    /**
     * {@code data} with missing values imputed and, if standardising, standardised.
     *
     * @throws IllegalArgumentException if the feature counts differ
     */
    public Dataset apply(Dataset data) {
        int p = data.featureCount();
        if (p != mean.length) {
            throw new IllegalArgumentException(
                    "the data have " + p + " features but the preprocessing was fitted on " + mean.length);
        }
        float[] x = data.featureArray();
        for (int i = 0; i < data.size(); i++) {
            for (int j = 0; j < p; j++) {
                int k = i * p + j;
                float v = Float.isNaN(x[k]) ? mean[j] : x[k];
                x[k] = standardize ? (v - mean[j]) / scale[j] : v;
            }
        }
        return data.withFeatures(x);
    }
}
