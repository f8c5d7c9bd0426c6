package dev.axiom.run;

import dev.axiom.train.Checkpoint;
import dev.axiom.train.CheckpointException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checkpoint a run continues from (or a trained model is loaded from), read and checked: the
 * newest one that reads intact, or the one the user names. Newer checkpoints that are corrupt (a
 * flipped byte, a truncated file: their checksums say so) are skipped, each with the reason.
 *
 * @param path the checkpoint's directory
 * @param checkpoint its contents
 * @param skipped newer checkpoints that could not be read, one line each ("step-… : why")
 */
public record ResumePoint(Path path, Checkpoint checkpoint, List<String> skipped) {

    /**
     * The newest checkpoint of {@code dir} that reads intact; empty if the run has none.
     *
     * @throws CheckpointException if it has checkpoints and none of them is intact (naming each)
     */
    public static Optional<ResumePoint> newestIntact(RunDirectory dir) {
        List<Path> all = dir.checkpoints();
        List<String> skipped = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            Path candidate = all.get(i);
            try {
                return Optional.of(new ResumePoint(candidate, Checkpoint.read(candidate), List.copyOf(skipped)));
            } catch (CheckpointException e) {
                skipped.add(candidate.getFileName() + ": " + e.getMessage());
            }
        }
        if (!skipped.isEmpty()) {
            throw new CheckpointException(dir.root() + ": no intact checkpoint (" + String.join("; ", skipped) + ")");
        }
        return Optional.empty();
    }

    /**
     * The checkpoint {@code name} of {@code dir}: {@code step-N}, its zero-padded directory name,
     * or just the step {@code N}.
     *
     * @throws CheckpointException naming the checkpoint if it is not there (listing those that are)
     *     or cannot be read
     */
    public static ResumePoint named(RunDirectory dir, String name) {
        String digits = name.startsWith("step-") ? name.substring("step-".length()) : name;
        if (!digits.matches("\\d{1,18}")) {
            throw new CheckpointException("--checkpoint " + name + ": expected step-N or N, the step of a checkpoint");
        }
        Path path = dir.checkpoint(Long.parseLong(digits));
        if (!Files.isDirectory(path)) {
            List<String> names = dir.checkpoints().stream().map(p -> p.getFileName().toString()).toList();
            throw new CheckpointException("--checkpoint " + name + ": " + dir.root() + " has no checkpoint at step "
                    + Long.parseLong(digits) + " (it has " + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
        }
        return new ResumePoint(path, Checkpoint.read(path), List.of());
    }

    /** The step the checkpoint was written after. */
    public long step() {
        return checkpoint.loop().step();
    }
}
