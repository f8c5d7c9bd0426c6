package dev.axiom.train;

/** The learning rate as a function of the epoch (0-based) and the global step. */
@FunctionalInterface
public interface LearningRateSchedule {

    /** The learning rate for a step of {@code epoch}. */
    double rate(int epoch, long step);

    /** A constant rate. */
    static LearningRateSchedule constant(double rate) {
        return (epoch, step) -> rate;
    }

    /** {@code rate · gamma^epoch} (the paper's "decay 0.95 per epoch"). */
    static LearningRateSchedule exponentialPerEpoch(double rate, double gamma) {
        return (epoch, step) -> rate * Math.pow(gamma, epoch);
    }

    /** {@code rate · gamma^⌊epoch / every⌋}. */
    static LearningRateSchedule stepDecay(double rate, int every, double gamma) {
        if (every < 1) {
            throw new IllegalArgumentException("step decay needs every >= 1 epochs, got " + every);
        }
        return (epoch, step) -> rate * Math.pow(gamma, epoch / every);
    }
}
