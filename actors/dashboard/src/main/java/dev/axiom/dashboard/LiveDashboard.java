package dev.axiom.dashboard;

import dev.axiom.run.RunDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The dashboard of a run being trained in this JVM: an actor system of its own with the HTTP
 * server and the snapshot actor, and the {@link LiveRunFeed} to plug into the run (as its
 * runtime driver's event consumer and as the job's observer). A resumed run's journal starts
 * with its {@code metrics.jsonl} up to the checkpoint it resumes from.
 *
 * <pre>{@code
 * try (LiveDashboard dash = LiveDashboard.start(runDir, 10, BindAddress.parse("8080"), Access.open(), SnapshotOptions.defaults(), null)) {
 *     job.withDriver(RuntimeDriver.forRun(job.settings().runtime(), null, dash.feed())).withObserver(dash.feed());
 *     job.run();
 *     dash.finish(Duration.ofMinutes(1));
 * }
 * }</pre>
 */
public final class LiveDashboard implements AutoCloseable {

    private final ActorSystem<Void> system;
    private final RunJournal journal;
    private final AttributionSnapshots snapshots;
    private final LiveRunFeed feed;
    private final DashboardServer server;
    private final DashboardRun run;

    private LiveDashboard(ActorSystem<Void> system, RunJournal journal, AttributionSnapshots snapshots,
            LiveRunFeed feed, DashboardServer server, DashboardRun run) {
        this.system = system;
        this.journal = journal;
        this.snapshots = snapshots;
        this.feed = feed;
        this.server = server;
        this.run = run;
    }

    /**
     * Serves the run in {@code runDirectory} (which must exist with its {@code config.conf}) on
     * {@code address}.
     *
     * @param logEverySteps the run's {@code axiom.train.log-every-steps} (the journal keeps the same steps)
     * @param control how to pause, resume and stop the run (used only if {@code access} enables control), or null
     */
    public static LiveDashboard start(Path runDirectory, int logEverySteps, BindAddress address, Access access,
            SnapshotOptions options, RunControl control) {
        RunDirectory dir = RunDirectory.existing(runDirectory);
        RunJournal journal = new RunJournal();
        dir.latestCheckpoint().ifPresent(c -> RunFiles.replayMetrics(dir.metrics(), RunFiles.stepOf(c), journal));
        ActorSystem<Void> system = DashboardSystem.create();
        try {
            String id = DashboardRun.idOf(runDirectory);
            AttributionSnapshots snapshots = AttributionSnapshots.spawn(system, AttributionSnapshots.actorName(id), journal,
                    () -> new SnapshotComputer(runDirectory, options), options);
            LiveRunFeed feed = new LiveRunFeed(journal, logEverySteps, snapshots::request);
            DashboardRun run = new DashboardRun(id, dir.root(), journal, Optional.ofNullable(control));
            DashboardServer server = DashboardServer.start(system, address, new DashboardRuns().add(run), access);
            return new LiveDashboard(system, journal, snapshots, feed, server, run);
        } catch (RuntimeException e) {
            DashboardSystem.terminate(system);
            throw e;
        }
    }

    /** What to plug into the run: the runtime driver's event consumer and the job's observer. */
    public LiveRunFeed feed() {
        return feed;
    }

    /** The page's URL (with the token, if any). */
    public String url() {
        return server.url();
    }

    /** The served run. */
    public DashboardRun run() {
        return run;
    }

    /**
     * Training has ended: waits up to {@code wait} for the snapshot of the last checkpoint, then
     * ends the journal (open pages show the end and stop listening).
     */
    public void finish(Duration wait) {
        try {
            snapshots.flush().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // the page shows the snapshots it has
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        journal.offer("end", journal.latest("step").map(JournalEntry::step).orElse(0L), Map.of("reason", "training ended"));
        journal.close();
    }

    /** Ends the journal if {@link #finish} was not called, stops the server and the actor system. */
    @Override
    public void close() {
        journal.close();
        try {
            server.close();
        } finally {
            DashboardSystem.terminate(system);
        }
    }
}
