package dev.axiom.dashboard;

/**
 * What an attribution snapshot holds and how hard it may work.
 *
 * @param panelImages validation images in the panel (image data)
 * @param topFeatures features in the importance chart (other data)
 * @param importanceSamples validation samples averaged for the importance chart (other data)
 * @param references expected-gradients references per sample, drawn from the training split
 * @param nice how much nicer than the process the snapshot thread runs (OS niceness increment, at most up to 19; 0: none)
 */
public record SnapshotOptions(int panelImages, int topFeatures, int importanceSamples, int references, int nice) {

    /** 8 images, 20 features over 256 samples, 32 references, niceness +10. */
    public static SnapshotOptions defaults() {
        return new SnapshotOptions(8, 20, 256, 32, 10);
    }

    /** Checks the ranges. */
    public SnapshotOptions {
        if (panelImages < 1 || topFeatures < 1 || importanceSamples < 1 || references < 1) {
            throw new IllegalArgumentException("snapshot sizes must be positive: " + panelImages + " images, "
                    + topFeatures + " features, " + importanceSamples + " samples, " + references + " references");
        }
        if (nice < 0 || nice > 19) {
            throw new IllegalArgumentException("niceness increment must be in 0..19, got " + nice);
        }
    }
}
