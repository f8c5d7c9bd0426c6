package dev.axiom.experiment.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One of the 18 metrics of the SHAP benchmark: keep or remove the features an attribution ranks
 * first (positive, negative or absolute), masking with the mean, resampled training values or a
 * Gaussian imputation.
 */
public record BenchmarkMetric(Action action, Sign sign, Masking masking) {

    /** Keep the top features and mask the rest, or mask the top features. */
    public enum Action { KEEP, REMOVE }

    /** How features are ranked: most positive first, most negative first, or largest |φ| first. */
    public enum Sign { POSITIVE, NEGATIVE, ABSOLUTE }

    /** What a masked feature is replaced with. */
    public enum Masking { MEAN, RESAMPLE, IMPUTE }

    /** The 18 metrics in the order of the paper's tables. */
    public static List<BenchmarkMetric> all() {
        List<BenchmarkMetric> out = new ArrayList<>();
        for (Action a : Action.values()) {
            for (Sign s : Sign.values()) {
                for (Masking m : Masking.values()) {
                    out.add(new BenchmarkMetric(a, s, m));
                }
            }
        }
        return out;
    }

    /** Whether the curve is the R² against the true labels (absolute) rather than the mean output. */
    public boolean usesRSquared() {
        return sign == Sign.ABSOLUTE;
    }

    /**
     * Whether a higher area is better: keep positive, keep absolute and remove negative are
     * higher-is-better; keep negative, remove positive and remove absolute lower-is-better.
     */
    public boolean higherIsBetter() {
        return switch (sign) {
            case POSITIVE, ABSOLUTE -> action == Action.KEEP;
            case NEGATIVE -> action == Action.REMOVE;
        };
    }

    /** {@code keep_positive_mean}, a key for results. */
    public String key() {
        return (action + "_" + sign + "_" + masking).toLowerCase(Locale.ROOT);
    }

    /** {@code Keep Positive (mean)}, as in the table rows. */
    public String label() {
        return cap(action.name()) + " " + cap(sign.name()) + " (" + masking.name().toLowerCase(Locale.ROOT) + ")";
    }

    private static String cap(String s) {
        return s.charAt(0) + s.substring(1).toLowerCase(Locale.ROOT);
    }
}
