package dev.axiom.dashboard;

/**
 * What an attribution snapshot holds and how hard it may work.
 *
 * @param panelImages validation images in the panel (image data)
 * @param topFeatures features in the importance chart (other data)
 * @param importanceSamples validation samples averaged for the importance chart (other data)
 * @param references expected-gradients references per sample, drawn from the training split
 * @param nice how much nicer than the process the snapshot thread runs (OS niceness increment, at most up to 19; 0: none)
 * @param maxShare the largest fraction of wall-clock time the snapshot thread may spend computing: after a
 *     snapshot that took {@code t}, the next starts no sooner than {@code t (1 / maxShare − 1)} later (1: no limit)
 */
public record SnapshotOptions(int panelImages, int topFeatures, int importanceSamples, int references, int nice,
        double maxShare) {

    /** 8 images, 20 features over 256 samples, 16 references, niceness +10, at most 4 % of the time. */
    public static SnapshotOptions defaults() {
        return new SnapshotOptions(8, 20, 256, 16, 10, 0.04);
    }

    /** These options with {@code n} references per sample. */
    public SnapshotOptions withReferences(int n) {
        return new SnapshotOptions(panelImages, topFeatures, importanceSamples, n, nice, maxShare);
    }

    /** How long to wait after a snapshot that took {@code nanos} before the next may start. */
    public long pauseAfterNanos(long nanos) {
        return Math.round(nanos * (1 / maxShare - 1));
    }

    /** Checks the ranges. */
    public SnapshotOptions {
        if (panelImages < 1 || topFeatures < 1 || importanceSamples < 1 || references < 1) {
            throw new IllegalArgumentException("snapshot sizes must be positive: " + panelImages + " images, "
                    + topFeatures + " features, " + importanceSamples + " samples, " + references + " references");
        }
        if (!(maxShare > 0 && maxShare <= 1)) {
            throw new IllegalArgumentException("maxShare must be in (0, 1], got " + maxShare);
        }
        if (nice < 0 || nice > 19) {
            throw new IllegalArgumentException("niceness increment must be in 0..19, got " + nice);
        }
    }
}
