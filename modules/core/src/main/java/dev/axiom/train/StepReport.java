package dev.axiom.train;

/**
 * What happened in one training step.
 *
 * @param epoch 0-based epoch
 * @param step global step number, 1-based (the number of updates applied so far)
 * @param batchInEpoch 0-based position of the batch in its epoch
 * @param learningRate rate used for the update
 * @param losses objective values
 * @param seconds wall time of the step (gradient and update)
 */
public record StepReport(
        int epoch, long step, int batchInEpoch, double learningRate, StepLosses losses, double seconds) {

    /** Samples per second of this step. */
    public double samplesPerSecond() {
        return losses.batchSize() / Math.max(seconds, 1e-9);
    }
}
