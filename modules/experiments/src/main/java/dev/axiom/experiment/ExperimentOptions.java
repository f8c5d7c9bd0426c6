package dev.axiom.experiment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How an experiment is run: its output directory, the quick (small, minutes) or full scale, the
 * number of seeds or replicates to average over (0: the experiment's default for the scale), data
 * locations by name (e.g. {@code fashion-mnist} for the full image set), and experiment-specific
 * changes to the scale ({@code --param epochs=2}; each experiment documents the ones it knows and
 * rejects others), and how long this invocation may work before it stops and leaves the rest to the
 * next one ({@code --stop-after}; none: until done).
 */
public record ExperimentOptions(Path out, boolean quick, int seeds, Map<String, Path> data, Map<String, String> params,
        Optional<Duration> stopAfter) {

    /** Options without a time budget. */
    public ExperimentOptions(Path out, boolean quick, int seeds, Map<String, Path> data, Map<String, String> params) {
        this(out, quick, seeds, data, params, Optional.empty());
    }

    /** Options without scale parameters. */
    public ExperimentOptions(Path out, boolean quick, int seeds, Map<String, Path> data) {
        this(out, quick, seeds, data, Map.of());
    }

    /** The number of seeds: the given one, or {@code quickDefault} / {@code fullDefault}. */
    public int seedsOr(int quickDefault, int fullDefault) {
        return seeds > 0 ? seeds : quick ? quickDefault : fullDefault;
    }

    /** The data location {@code name}, or {@code fallback} when none was given. */
    public Path dataOr(String name, Path fallback) {
        return data.getOrDefault(name, fallback);
    }
}
