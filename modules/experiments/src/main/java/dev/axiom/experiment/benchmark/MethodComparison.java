package dev.axiom.experiment.benchmark;

/**
 * Comparisons of two methods' areas on one metric, given mean and standard deviation over seeds and
 * the metric's direction.
 */
public final class MethodComparison {

    private MethodComparison() {}

    /** Mean and standard deviation (NaN for one seed) of a method's area over seeds. */
    public record Summary(double mean, double sd) {

        /** The mean and sample standard deviation of {@code values}. */
        public static Summary of(double[] values) {
            return new Summary(dev.axiom.experiment.Stats.mean(values), dev.axiom.experiment.Stats.sd(values));
        }
    }

    /** Whether {@code a}'s mean is strictly better than {@code b}'s. */
    public static boolean better(Summary a, Summary b, boolean higherIsBetter) {
        return higherIsBetter ? a.mean() > b.mean() : a.mean() < b.mean();
    }

    /**
     * Whether {@code a} is better than {@code b} or tied with it: their means differ by at most the
     * larger of the two standard deviations (0 where undefined).
     */
    public static boolean betterOrTied(Summary a, Summary b, boolean higherIsBetter) {
        return better(a, b, higherIsBetter) || Math.abs(a.mean() - b.mean()) <= Math.max(orZero(a.sd()), orZero(b.sd()));
    }

    /** The index of the best summary (first on equal means). */
    public static int best(Summary[] summaries, boolean higherIsBetter) {
        int best = 0;
        for (int i = 1; i < summaries.length; i++) {
            if (better(summaries[i], summaries[best], higherIsBetter)) {
                best = i;
            }
        }
        return best;
    }

    private static double orZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
