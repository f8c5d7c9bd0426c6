package dev.axiom.nn;

import dev.axiom.tensor.Rng;

/**
 * How a forward pass behaves: whether dropout is active, whether batch-norm normalises with the
 * batch's statistics, and whether it updates its running statistics.
 *
 * @param dropout apply dropout (masks drawn from {@code rng})
 * @param batchStatistics batch-norm uses the statistics of the batch (training behaviour)
 * @param updateRunningStatistics batch-norm updates its running mean and variance
 * @param rng source of dropout masks; may be null when {@code dropout} is false
 */
public record ForwardMode(
        boolean dropout, boolean batchStatistics, boolean updateRunningStatistics, Rng rng) {

    /** Validates that a mode with dropout has a generator. */
    public ForwardMode {
        if (dropout && rng == null) {
            throw new IllegalArgumentException("a forward mode with dropout needs an Rng");
        }
    }

    /** Training behaviour: dropout on, batch statistics used and accumulated. */
    public static ForwardMode training(Rng rng) {
        return new ForwardMode(true, true, true, rng);
    }

    /** Inference behaviour: no dropout, running statistics. */
    public static ForwardMode inference() {
        return new ForwardMode(false, false, false, null);
    }

    /** Training behaviour without touching running statistics (for attribution passes). */
    public static ForwardMode trainingWithoutStatisticsUpdate(Rng rng) {
        return new ForwardMode(true, true, false, rng);
    }
}
