package dev.axiom.dashboard.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.axiom.bench.load.ClientResult;
import dev.axiom.bench.load.DashboardLoad;
import dev.axiom.bench.load.DropPlan;
import dev.axiom.bench.load.LoadReport;
import dev.axiom.dashboard.Access;
import dev.axiom.dashboard.BindAddress;
import dev.axiom.dashboard.DashboardRun;
import dev.axiom.dashboard.DashboardRuns;
import dev.axiom.dashboard.DashboardServer;
import dev.axiom.dashboard.DashboardSystem;
import dev.axiom.dashboard.LiveRun;
import dev.axiom.dashboard.RunFiles;
import dev.axiom.dashboard.SnapshotOptions;
import dev.axiom.run.config.SettingsLoader;
import dev.axiom.runtime.EmbeddedRun;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small version of {@code modules/bench/dashboard-load.sh}: 40 clients and 10 that drop and
 * reconnect with {@code Last-Event-ID} follow a real (short) training run as it happens, then the
 * same run served from its files; each must receive every event of the journal exactly once and
 * in order, up to the {@code end}.
 */
class DashboardUnderLoadTest {

    private static final int CLIENTS = 40;
    private static final int RECONNECTING = 10;
    private static final DropPlan DROPS = new DropPlan(3, 12, Duration.ofMillis(1500), Duration.ofMillis(100));

    @TempDir
    Path tmp;

    @Test
    void everyClientReceivesEveryEventOnceAndInOrderLiveAndFinished() throws Exception {
        ActorSystem<Void> system = DashboardSystem.create();
        Path dir = tmp.resolve("loaded");
        try (EmbeddedRun training = EmbeddedRun.start(SettingsLoader.load(Path.of("../../conf/tabular-sparsity.conf"),
                List.of("axiom.train.epochs=1", "axiom.train.threads=1")), dir, system)) {
            LiveRun live = LiveRun.create(system, dir, 1, SnapshotOptions.defaults(), null); // a step event per update
            var fed = training.events().runForeach(live.feed()::accept, system);
            LoadReport liveReport;
            long sizeWhenAttached;
            try (DashboardServer server = serve(system, live.run())) {
                sizeWhenAttached = live.run().journal().size();
                CompletableFuture<LoadReport> load = attach(server, live.run());
                training.result().toCompletableFuture().get(5, TimeUnit.MINUTES);
                fed.toCompletableFuture().get(1, TimeUnit.MINUTES);
                live.finish(Duration.ofMinutes(2));
                liveReport = load.get(2, TimeUnit.MINUTES);
            }
            long liveEvents = live.run().journal().size();

            assertThat(sizeWhenAttached).as("clients attached while the run was training").isLessThan(liveEvents / 2);
            assertExactlyOnceInOrder(liveReport, liveEvents);

            DashboardRun finished = RunFiles.finishedRun(system, dir, SnapshotOptions.defaults());
            LoadReport finishedReport;
            try (DashboardServer server = serve(system, finished)) {
                finishedReport = attach(server, finished).get(2, TimeUnit.MINUTES);
            }
            long metricsLines = Files.readAllLines(dir.resolve("metrics.jsonl")).stream().filter(l -> !l.isBlank()).count();

            assertExactlyOnceInOrder(finishedReport, metricsLines + 2); // metrics.jsonl, the snapshot, the end
        } finally {
            DashboardSystem.terminate(system);
        }
    }

    private static DashboardServer serve(ActorSystem<?> system, DashboardRun run) {
        return DashboardServer.start(system, new BindAddress("127.0.0.1", 0), new DashboardRuns().add(run), Access.open());
    }

    private static CompletableFuture<LoadReport> attach(DashboardServer server, DashboardRun run) {
        URI events = URI.create("http://127.0.0.1:" + server.port() + "/api/runs/" + run.id() + "/events");
        DashboardLoad.Plan plan = new DashboardLoad.Plan(events, Optional.empty(), CLIENTS, RECONNECTING, DROPS, 19,
                Duration.ofMinutes(2));
        return CompletableFuture.supplyAsync(() -> {
            try {
                return DashboardLoad.run(plan);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void assertExactlyOnceInOrder(LoadReport report, long journalSize) {
        System.out.printf("journal of %d events:%n%s", journalSize, report.summary());
        assertThat(report.violations()).as(report.summary()).isZero();
        assertThat(report.clients()).hasSize(CLIENTS + RECONNECTING);
        assertThat(report.endIds()).as("every client ended at the journal's last event").containsExactly(journalSize);
        assertThat(report.clients()).allSatisfy(c -> {
            assertThat(c.delivered()).as("client %d: events delivered", c.index()).isEqualTo(journalSize);
            assertThat(c.ended()).isTrue();
        });
        assertThat(report.clients()).filteredOn(ClientResult::reconnecting)
                .as("each reconnecting client dropped and came back")
                .allSatisfy(c -> assertThat(c.drops()).isPositive().isEqualTo(c.connections() - 1 - c.serverCloses()));
        assertThat(report.resumes()).as("reconnections with Last-Event-ID after some events").isGreaterThanOrEqualTo(RECONNECTING);
    }
}
