package dev.axiom.experiment.pixel;

/**
 * Whether a claim "the EG prior is better than each other model" held over seeds: beyond the
 * spread (every margin larger than the larger of the two standard deviations), by the means only,
 * or not at all. With one seed there is no spread, and a win by the mean is {@link #ONE_SEED}.
 */
enum Verdict {
    HELD("held"),
    BY_MEAN_ONLY("held by the means only, within the spread over seeds"),
    ONE_SEED("held (one seed, no spread)"),
    NOT_HELD("did not hold");

    /** A mean with its standard deviation over seeds. */
    record Spread(double mean, double sd) {}

    private final String words;

    Verdict(String words) {
        this.words = words;
    }

    /**
     * The verdict for {@code claimed} against each of {@code others}.
     *
     * @param higherIsBetter whether a larger value is the better one
     * @param seeds how many seeds the means and standard deviations are over
     */
    static Verdict of(boolean higherIsBetter, int seeds, Spread claimed, Spread... others) {
        boolean byMean = true;
        boolean beyondSpread = true;
        for (Spread other : others) {
            double margin = higherIsBetter ? claimed.mean() - other.mean() : other.mean() - claimed.mean();
            byMean &= margin > 0;
            beyondSpread &= margin > Math.max(claimed.sd(), other.sd());
        }
        if (!byMean) {
            return NOT_HELD;
        }
        if (seeds < 2) {
            return ONE_SEED;
        }
        return beyondSpread ? HELD : BY_MEAN_ONLY;
    }

    /** Whether the claimed model won by the means (whatever the spread). */
    boolean heldByMean() {
        return this != NOT_HELD;
    }

    /** The verdict as the report writes it. */
    String words() {
        return words;
    }
}
