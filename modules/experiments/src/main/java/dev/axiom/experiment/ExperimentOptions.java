package dev.axiom.experiment;

import java.nio.file.Path;
import java.util.Map;

/**
 * How an experiment is run: its output directory, the quick (small, minutes) or full scale, the
 * number of seeds or replicates to average over (0: the experiment's default for the scale), and
 * data locations by name (e.g. {@code fashion-mnist} for the full image set).
 */
public record ExperimentOptions(Path out, boolean quick, int seeds, Map<String, Path> data) {

    /** The number of seeds: the given one, or {@code quickDefault} / {@code fullDefault}. */
    public int seedsOr(int quickDefault, int fullDefault) {
        return seeds > 0 ? seeds : quick ? quickDefault : fullDefault;
    }

    /** The data location {@code name}, or {@code fallback} when none was given. */
    public Path dataOr(String name, Path fallback) {
        return data.getOrDefault(name, fallback);
    }
}
