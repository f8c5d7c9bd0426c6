package dev.axiom.experiment;

import dev.axiom.run.Progress;
import java.nio.file.Path;

/**
 * What an experiment works with: its options, the folder it writes to (figures go under {@link
 * #figures()}), its resumable {@link WorkLog}, the {@link Results} and {@link Report} it fills,
 * and where it shows progress.
 */
public record ExperimentContext(ExperimentOptions options, WorkLog work, Results results, Report report, Progress progress) {

    /** The experiment's output folder. */
    public Path out() {
        return options.out();
    }

    /** Whether this is the quick (small) scale. */
    public boolean quick() {
        return options.quick();
    }

    /** The folder for PNG figures ({@code figures/} in the output folder). */
    public Path figures() {
        return options.out().resolve("figures");
    }
}
