package dev.axiom.dashboard;

import dev.axiom.run.RunDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * A run being trained, as the dashboard sees it: its journal (a resumed run's starts with its
 * {@code metrics.jsonl} up to the checkpoint it resumes from), the {@link LiveRunFeed} that fills
 * it, and the snapshot actor (in {@code system}) that the feed's checkpoints wake. For a host
 * service: feed it the run's events (for an {@code EmbeddedRun}: {@code run.events().runForeach(live.feed(), system)},
 * and call {@link #finish} when that stream completes), and mount {@link DashboardRoutes} over {@link #run()}.
 */
public final class LiveRun {

    private final DashboardRun run;
    private final LiveRunFeed feed;
    private final AttributionSnapshots snapshots;

    private LiveRun(DashboardRun run, LiveRunFeed feed, AttributionSnapshots snapshots) {
        this.run = run;
        this.feed = feed;
        this.snapshots = snapshots;
    }

    /**
     * The live run in {@code runDirectory} (which must hold its {@code config.conf}).
     *
     * @param logEverySteps the run's {@code axiom.train.log-every-steps} (the journal keeps the same steps)
     * @param control how to pause, resume and stop it (used only where control is enabled), or null
     */
    public static LiveRun create(ActorSystem<?> system, Path runDirectory, int logEverySteps, SnapshotOptions options,
            RunControl control) {
        RunDirectory dir = RunDirectory.existing(runDirectory);
        RunJournal journal = new RunJournal();
        dir.latestCheckpoint().ifPresent(c -> RunFiles.replayMetrics(dir.metrics(), RunFiles.stepOf(c), journal));
        String id = DashboardRun.idOf(runDirectory);
        AttributionSnapshots snapshots = AttributionSnapshots.spawn(system, AttributionSnapshots.actorName(id), journal,
                () -> new SnapshotComputer(runDirectory, options), options);
        LiveRunFeed feed = new LiveRunFeed(journal, logEverySteps, snapshots::request);
        return new LiveRun(new DashboardRun(id, dir.root(), journal, Optional.ofNullable(control)), feed, snapshots);
    }

    /**
     * How long a server stopping after the run waits for open event streams to take the journal's
     * last events (the final snapshot, the {@code end}): first for the streams to read the closed
     * journal to its end ({@link #awaitReaders}), then for their responses to be written
     * ({@link DashboardServer#close(Duration)}); a page that reads more slowly than this is cut.
     */
    public static final Duration READERS_PATIENCE = Duration.ofSeconds(10);

    /**
     * Before the server stops: ends the journal if {@link #finish} has not, and waits (at most
     * {@link #READERS_PATIENCE}) until every open event stream has taken what is left of it.
     */
    public void awaitReaders() {
        run.journal().close();
        run.journal().awaitReaders(READERS_PATIENCE);
    }

    /** The run to serve. */
    public DashboardRun run() {
        return run;
    }

    /** What to plug into the run: the runtime driver's event consumer and the job's observer. */
    public LiveRunFeed feed() {
        return feed;
    }

    /**
     * Training has ended: waits up to {@code wait} for the snapshot of the last checkpoint, then
     * ends the journal (open pages show the end and stop listening).
     */
    public void finish(Duration wait) {
        try {
            snapshots.flush().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // the page keeps the snapshots it has
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        RunJournal journal = run.journal();
        journal.offer("end", journal.latest("step").map(JournalEntry::step).orElse(0L), Map.of("reason", "training ended"));
        journal.close();
    }
}
