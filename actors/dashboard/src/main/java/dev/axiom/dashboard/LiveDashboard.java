package dev.axiom.dashboard;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The dashboard of a run being trained in this JVM, stand-alone: an actor system of its own with
 * the HTTP server and the {@link LiveRun} (journal, feed, snapshot actor).
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
    private final LiveRun live;
    private final DashboardServer server;

    private LiveDashboard(ActorSystem<Void> system, LiveRun live, DashboardServer server) {
        this.system = system;
        this.live = live;
        this.server = server;
    }

    /**
     * Serves the run in {@code runDirectory} (which must hold its {@code config.conf}) on
     * {@code address}; see {@link LiveRun#create} for the other parameters.
     */
    public static LiveDashboard start(Path runDirectory, int logEverySteps, BindAddress address, Access access,
            SnapshotOptions options, RunControl control) {
        ActorSystem<Void> system = DashboardSystem.create();
        try {
            LiveRun live = LiveRun.create(system, runDirectory, logEverySteps, options, control);
            DashboardServer server = DashboardServer.start(system, address, new DashboardRuns().add(live.run()), access);
            return new LiveDashboard(system, live, server);
        } catch (RuntimeException e) {
            DashboardSystem.terminate(system);
            throw e;
        }
    }

    /** What to plug into the run: the runtime driver's event consumer and the job's observer. */
    public LiveRunFeed feed() {
        return live.feed();
    }

    /** The page's URL (with the token, if any). */
    public String url() {
        return server.url();
    }

    /** The port the dashboard listens on. */
    public int port() {
        return server.port();
    }

    /** The served run. */
    public DashboardRun run() {
        return live.run();
    }

    /** See {@link LiveRun#finish}. */
    public void finish(Duration wait) {
        live.finish(wait);
    }

    /**
     * Ends the journal if {@link #finish} was not called, lets open event streams take its last
     * events ({@link LiveRun#awaitReaders}), stops the server and the actor system.
     */
    @Override
    public void close() {
        live.awaitReaders();
        try {
            server.close(LiveRun.READERS_PATIENCE);
        } finally {
            DashboardSystem.terminate(system);
        }
    }
}
