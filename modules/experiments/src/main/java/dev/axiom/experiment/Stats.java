package dev.axiom.experiment;

import org.apache.commons.math3.distribution.TDistribution;

/** Summary statistics and tests for replicated measurements. */
public final class Stats {

    private Stats() {}

    /** A paired two-sided t-test: the mean difference {@code a − b}, {@code t}, degrees of freedom and {@code p}. */
    public record PairedT(double meanDifference, double t, int degreesOfFreedom, double p) {}

    /** The arithmetic mean. */
    public static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** The sample standard deviation (n − 1). */
    public static double sd(double[] x) {
        if (x.length < 2) {
            return Double.NaN;
        }
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (x.length - 1));
    }

    /** The standard error of the mean. */
    public static double standardError(double[] x) {
        return sd(x) / Math.sqrt(x.length);
    }

    /** A 95 % interval [{@code low}, {@code high}]. */
    public record Interval(double low, double high) {

        /** Whether the interval lies wholly above 0 ({@code 1}), wholly below it ({@code -1}), or holds it ({@code 0}). */
        public int sign() {
            return low > 0 ? 1 : high < 0 ? -1 : 0;
        }
    }

    /**
     * The percentile-bootstrap 95 % interval of the mean of {@code x}: {@code resamples} resamples
     * with replacement, seeded, so the same data give the same interval.
     */
    public static Interval bootstrapMean(double[] x, int resamples, long seed) {
        return bootstrapDifference(x, new double[0], resamples, seed);
    }

    /**
     * The percentile-bootstrap 95 % interval of {@code mean(a) − mean(b)} for independent samples
     * ({@code b} empty: of {@code mean(a)}), each resampled with replacement.
     */
    public static Interval bootstrapDifference(double[] a, double[] b, int resamples, long seed) {
        if (a.length == 0 || resamples < 1) {
            return new Interval(Double.NaN, Double.NaN);
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        double[] means = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            means[r] = resampledMean(a, random) - (b.length == 0 ? 0 : resampledMean(b, random));
        }
        java.util.Arrays.sort(means);
        return new Interval(means[(int) Math.floor(0.025 * (resamples - 1))], means[(int) Math.ceil(0.975 * (resamples - 1))]);
    }

    private static double resampledMean(double[] x, java.util.SplittableRandom random) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[random.nextInt(x.length)];
        }
        return s / x.length;
    }

    /** Paired two-sided t-test of {@code a} against {@code b} (same length, paired by index). */
    public static PairedT pairedT(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired samples of different sizes: " + a.length + " and " + b.length);
        }
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        double mean = mean(d);
        double se = standardError(d);
        int df = a.length - 1;
        if (df < 1 || se == 0 || Double.isNaN(se)) {
            return new PairedT(mean, Double.NaN, df, Double.NaN);
        }
        double t = mean / se;
        double p = 2 * new TDistribution(df).cumulativeProbability(-Math.abs(t));
        return new PairedT(mean, t, df, p);
    }

    /** The area under the ROC curve of {@code scores} for binary {@code labels} (ties count one half). */
    public static double rocAuc(double[] scores, double[] labels) {
        long positives = 0;
        long negatives = 0;
        for (double l : labels) {
            if (l > 0.5) {
                positives++;
            } else {
                negatives++;
            }
        }
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (i, j) -> Double.compare(scores[i], scores[j]));
        double rankSum = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (labels[order[k]] > 0.5) {
                    rankSum += averageRank;
                }
            }
            i = j + 1;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** The coefficient of determination of {@code predicted} for {@code actual}. */
    public static double rSquared(double[] predicted, double[] actual) {
        double m = mean(actual);
        double residual = 0;
        double total = 0;
        for (int i = 0; i < actual.length; i++) {
            residual += (actual[i] - predicted[i]) * (actual[i] - predicted[i]);
            total += (actual[i] - m) * (actual[i] - m);
        }
        return 1 - residual / total;
    }

    /** The Gini coefficient of non-negative values (0: all equal; (n − 1)/n: one non-zero). */
    public static double gini(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        int n = v.length;
        double sum = 0;
        double weighted = 0;
        for (int i = 0; i < n; i++) {
            sum += v[i];
            weighted += (2.0 * (i + 1) - n - 1) * v[i];
        }
        return sum == 0 ? 0 : weighted / (n * sum);
    }

    /** The log-spaced grid {@code from, …, to} with {@code points} points. */
    public static double[] logGrid(double from, double to, int points) {
        double[] g = new double[points];
        for (int i = 0; i < points; i++) {
            g[i] = points == 1 ? from : Math.exp(Math.log(from) + (Math.log(to) - Math.log(from)) * i / (points - 1));
        }
        return g;
    }
}
