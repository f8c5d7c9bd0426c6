package dev.axiom.dashboard;

import dev.axiom.run.MetricsLog;
import dev.axiom.run.RunDirectory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;

/** Journals from a run directory's files. */
public final class RunFiles {

    private RunFiles() {}

    /**
     * Appends the records of {@code metrics.jsonl} up to update {@code lastStep} to
     * {@code journal} (type and step as in the file, every other field as it is).
     */
    public static void replayMetrics(Path metrics, long lastStep, RunJournal journal) {
        for (Map<String, Object> record : MetricsLog.read(metrics)) {
            long step = record.get("step") instanceof Number n ? n.longValue() : 0;
            if (step > lastStep) {
                continue;
            }
            String type = String.valueOf(record.getOrDefault("type", "record"));
            Map<String, Object> fields = new LinkedHashMap<>(record);
            fields.remove("type");
            fields.remove("step");
            journal.append(type, step, fields);
        }
    }

    /**
     * A finished (or interrupted) run served from its directory: the journal holds
     * {@code metrics.jsonl}, then one attribution snapshot of the newest checkpoint, computed in
     * the background by a snapshot actor in {@code system}, then an {@code end} record.
     *
     * @throws IllegalArgumentException if {@code directory} is not a run directory
     */
    public static DashboardRun finishedRun(ActorSystem<?> system, Path directory, SnapshotOptions options) {
        RunDirectory dir = RunDirectory.existing(directory);
        RunJournal journal = new RunJournal();
        replayMetrics(dir.metrics(), Long.MAX_VALUE, journal);
        String id = DashboardRun.idOf(directory);
        Optional<Path> latest = dir.latestCheckpoint();
        if (latest.isEmpty()) {
            journal.append("end", 0, Map.of("reason", "finished run (no checkpoint: no attribution snapshot)"));
            journal.close();
        } else {
            long step = stepOf(latest.get());
            AttributionSnapshots snapshots = AttributionSnapshots.spawn(system, AttributionSnapshots.actorName(id), journal,
                    () -> new SnapshotComputer(directory, options), options);
            snapshots.request(step, latest.get());
            snapshots.flush().thenRun(() -> {
                journal.offer("end", step, Map.of("reason", "finished run"));
                journal.close();
            });
        }
        return new DashboardRun(id, dir.root(), journal, Optional.empty());
    }

    /** The step of a checkpoint directory {@code step-N}. */
    static long stepOf(Path checkpoint) {
        String name = checkpoint.getFileName().toString();
        try {
            return Long.parseLong(name.substring(name.lastIndexOf('-') + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
