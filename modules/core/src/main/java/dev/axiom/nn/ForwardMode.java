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
 * @param softplusBeta 0 for exact ReLUs; otherwise every ReLU computes the smooth
 *     {@code softplus_β(z) = log(1 + e^{βz}) / β} instead (the smooth copy of a ReLU network that
 *     attacks on attributions differentiate, since a ReLU network's input gradient is piecewise
 *     constant)
 */
public record ForwardMode(
        boolean dropout,
        boolean batchStatistics,
        boolean updateRunningStatistics,
        Rng rng,
        double softplusBeta) {

    /** Validates that a mode with dropout has a generator. */
    public ForwardMode {
        if (dropout && rng == null) {
            throw new IllegalArgumentException("a forward mode with dropout needs an Rng");
        }
        if (!(softplusBeta >= 0) || Double.isInfinite(softplusBeta)) {
            throw new IllegalArgumentException("softplus beta must be finite and >= 0, got " + softplusBeta);
        }
    }

    /** A mode with exact ReLUs. */
    public ForwardMode(boolean dropout, boolean batchStatistics, boolean updateRunningStatistics, Rng rng) {
        this(dropout, batchStatistics, updateRunningStatistics, rng, 0);
    }

    /** This mode with every ReLU replaced by {@code softplus_β} (β > 0), or exact again (β = 0). */
    public ForwardMode withSoftplusRelu(double beta) {
        return new ForwardMode(dropout, batchStatistics, updateRunningStatistics, rng, beta);
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
