package dev.axiom.metric;

import java.util.Arrays;

/** Evaluation metrics computed on the host from predictions and labels. */
public final class Metrics {

    private Metrics() {}

    /** Fraction of rows whose arg-max over {@code outputs} (row-major, width {@code k}) equals the label. */
    public static double accuracy(float[] outputs, int k, float[] labels) {
        int n = labels.length;
        int correct = 0;
        for (int i = 0; i < n; i++) {
            if (argMax(outputs, i * k, k) == (int) labels[i]) {
                correct++;
            }
        }
        return n == 0 ? Double.NaN : (double) correct / n;
    }

    /** Index of the largest of {@code outputs[from..from+k)}. */
    public static int argMax(float[] outputs, int from, int k) {
        int best = 0;
        for (int j = 1; j < k; j++) {
            if (outputs[from + j] > outputs[from + best]) {
                best = j;
            }
        }
        return best;
    }

    /**
     * Area under the ROC curve of {@code scores} for binary {@code labels} (0/1), with ties counted
     * half (the Mann-Whitney statistic). NaN if only one class is present.
     */
    public static double rocAuc(float[] scores, float[] labels) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(scores[a], scores[b]));
        double rankSumPositive = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) {
                if (labels[order[t]] > 0.5f) {
                    rankSumPositive += rank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** Mean squared error. */
    public static double meanSquaredError(float[] predictions, float[] targets) {
        double s = 0;
        for (int i = 0; i < targets.length; i++) {
            double d = predictions[i] - targets[i];
            s += d * d;
        }
        return s / targets.length;
    }

    /** Coefficient of determination {@code 1 − SS_res / SS_tot}. */
    public static double rSquared(float[] predictions, float[] targets) {
        double mean = 0;
        for (float t : targets) {
            mean += t;
        }
        mean /= targets.length;
        double res = 0;
        double tot = 0;
        for (int i = 0; i < targets.length; i++) {
            res += Math.pow(predictions[i] - targets[i], 2);
            tot += Math.pow(targets[i] - mean, 2);
        }
        return 1 - res / tot;
    }

    /** Gini coefficient of non-negative values: {@code Σ_i Σ_j |a_i − a_j| / (2 p Σ a)}. */
    public static double gini(double[] values) {
        double[] a = values.clone();
        Arrays.sort(a);
        int p = a.length;
        double weighted = 0;
        double total = 0;
        for (int i = 0; i < p; i++) {
            weighted += (2.0 * (i + 1) - p - 1) * a[i];
            total += a[i];
        }
        return total == 0 ? 0 : weighted / (p * total);
    }
}
