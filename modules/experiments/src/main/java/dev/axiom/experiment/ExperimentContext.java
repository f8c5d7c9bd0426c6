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

    /**
     * {@code runs/KEY} in the output folder, emptied first: a training interrupted before its unit
     * reached the work log starts over.
     */
    public Path freshRunDirectory(String key) {
        Path dir = out().resolve("runs").resolve(key);
        if (java.nio.file.Files.exists(dir)) {
            try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.delete(p);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot delete " + dir, e);
            }
        }
        return dir;
    }
}
