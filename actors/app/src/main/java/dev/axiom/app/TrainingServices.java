package dev.axiom.app;

import dev.axiom.dashboard.Access;
import dev.axiom.dashboard.BindAddress;
import dev.axiom.dashboard.DashboardRoutes;
import dev.axiom.dashboard.DashboardRuns;
import dev.axiom.dashboard.DashboardServer;
import dev.axiom.dashboard.DashboardSystem;
import dev.axiom.dashboard.LiveRun;
import dev.axiom.dashboard.RunControl;
import dev.axiom.dashboard.SnapshotComputer;
import dev.axiom.dashboard.SnapshotOptions;
import dev.axiom.dashboard.service.Readiness;
import dev.axiom.dashboard.service.RunMetrics;
import dev.axiom.dashboard.service.ServiceRoutes;
import dev.axiom.run.TrainingJob;
import dev.axiom.run.config.RunSettings;
import dev.axiom.runtime.events.TrainingEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * What a training process serves while it trains, wired for the command line: the live dashboard
 * ({@code --dashboard}), the Prometheus metrics and health probes ({@code --metrics}; the dashboard's
 * server serves the probes too, and the metrics when both are asked for). Both read the run's
 * journal, whose attribution snapshots the snapshot actor computes at checkpoints. With neither,
 * nothing is started and the feed does nothing.
 */
final class TrainingServices implements Consumer<TrainingEvent>, AutoCloseable {

    private final ActorSystem<Void> system;
    private final LiveRun live;
    private final RunMetrics metrics;
    private final Readiness readiness;
    private final List<DashboardServer> servers = new ArrayList<>();

    private TrainingServices(ActorSystem<Void> system, LiveRun live, RunMetrics metrics, Readiness readiness) {
        this.system = system;
        this.live = live;
        this.metrics = metrics;
        this.readiness = readiness;
    }

    /** The dashboard's part of the options: where, who may, and how to control the run. */
    record Dashboard(BindAddress address, Access access, String givenToken, RunControl control) {}

    /**
     * Starts what the options ask for around the run in {@code runDirectory}.
     *
     * @param dashboard the dashboard, or null
     * @param service the metrics and probes' options ({@code --metrics} may be absent)
     * @param clusterMembers the cluster's members (up) for a cluster trainer, else null
     */
    static TrainingServices start(RunSettings settings, Path runDirectory, Dashboard dashboard, ServiceOptions service,
            IntSupplier clusterMembers) {
        BindAddress metricsAt = service.metricsAddress();
        if (dashboard == null && metricsAt == null) {
            return new TrainingServices(null, null, null, null);
        }
        ActorSystem<Void> system = DashboardSystem.create();
        TrainingServices s = null;
        try {
            LiveRun live = LiveRun.create(system, runDirectory, settings.train().logEverySteps(), SnapshotOptions.defaults(),
                    dashboard == null ? null : dashboard.control());
            RunMetrics metrics = metricsAt == null ? null : new RunMetrics(live.run().id(), live.run().journal(),
                    settings.data().format().equals("csv") ? SnapshotComputer.GINI : SnapshotComputer.PIXEL_SMOOTHNESS,
                    settings.runtime().workers() + settings.cluster().remoteWorkers(), clusterMembers);
            Readiness readiness = new Readiness(service.stallLimit());
            s = new TrainingServices(system, live, metrics, readiness);
            if (dashboard != null) {
                Route routes = new AllDirectives() {}.concat(
                        ServiceRoutes.create(metrics, readiness, dashboard.access()),
                        DashboardRoutes.create(new DashboardRuns().add(live.run()), dashboard.access()));
                DashboardServer server = DashboardServer.start(system, dashboard.address(), routes, dashboard.access(), "the dashboard");
                s.servers.add(server);
                DashboardOptions.announce(server.url(), dashboard.access(), dashboard.givenToken());
            }
            if (metricsAt != null) {
                Access access = service.metricsAccess();
                DashboardServer server = DashboardServer.start(system, metricsAt,
                        ServiceRoutes.create(metrics, readiness, access), access, "the metrics");
                s.servers.add(server);
                String host = metricsAt.host().contains(":") ? "[" + metricsAt.host() + "]" : metricsAt.host();
                System.err.println("axiom: metrics at http://" + host + ":" + server.port() + "/metrics, health at /health/ready");
                if (access.token().isPresent() && service.generatedToken()) {
                    System.err.println("axiom: metrics token (generated): " + access.token().get());
                }
                System.err.flush();
            }
            return s;
        } catch (RuntimeException e) {
            if (s != null) {
                s.close();
            } else {
                DashboardSystem.terminate(system);
            }
            throw e;
        }
    }

    /** Hears the runtime's events. */
    @Override
    public void accept(TrainingEvent event) {
        if (live == null) {
            return;
        }
        live.feed().accept(event);
        readiness.accept(event);
        if (metrics != null) {
            metrics.accept(event);
        }
    }

    /** What to give the job as its observer. */
    TrainingJob.Observer observer() {
        if (live == null) {
            return new TrainingJob.Observer() {};
        }
        return metrics == null
                ? TrainingJob.Observer.all(live.feed(), readiness)
                : TrainingJob.Observer.all(live.feed(), readiness, metrics);
    }

    /** Training has ended ({@code how}): waits up to {@code wait} for the last snapshot, then closes the journal. */
    void finish(String how, Duration wait) {
        if (live == null) {
            return;
        }
        readiness.finished(how);
        live.finish(wait);
    }

    /** The port of the first server, or -1 (for tests). */
    int port() {
        return servers.isEmpty() ? -1 : servers.get(0).port();
    }

    @Override
    public void close() {
        if (system == null) {
            return;
        }
        try {
            live.awaitReaders(); // open pages get the last snapshot and the end, not a cut connection
            for (DashboardServer server : servers) {
                server.close(LiveRun.READERS_PATIENCE);
            }
            if (metrics != null) {
                metrics.close();
            }
        } finally {
            DashboardSystem.terminate(system);
        }
    }
}
