package dev.axiom.dashboard;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.assertj.core.api.Assertions.assertThat;

import dev.axiom.run.Json;
import dev.axiom.run.config.SettingsLoader;
import dev.axiom.runtime.EmbeddedRun;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host service with its own actor system and HTTP server mounts the dashboard's routes under a
 * path of its own and follows an {@link EmbeddedRun} (tabular data: the snapshots are the global
 * importance of the top features).
 */
class EmbeddedDashboardTest {

    @TempDir
    Path tmp;

    @Test
    void aHostServiceMountsTheRoutesAndFollowsAnEmbeddedRun() throws Exception {
        ActorSystem<Void> host = DashboardSystem.create();
        Path dir = tmp.resolve("embedded");
        try (EmbeddedRun run = EmbeddedRun.start(SettingsLoader.load(Path.of("../../conf/tabular-sparsity.conf"),
                List.of("axiom.train.epochs=2", "axiom.train.threads=1")), dir, host)) {
            LiveRun live = LiveRun.create(host, dir, 10, SnapshotOptions.defaults(), null);
            var fed = run.events().runForeach(live.feed()::accept, host);
            Route hostRoutes = concat(
                    path("health", () -> complete("ok")),
                    pathPrefix("axiom", () -> DashboardRoutes.create(new DashboardRuns().add(live.run()), Access.open())));
            ServerBinding binding = Http.get(host).newServerAt("127.0.0.1", 0).bind(hostRoutes).toCompletableFuture().join();
            String base = "http://127.0.0.1:" + binding.localAddress().getPort();
            HttpClient http = HttpClient.newHttpClient();
            CompletableFuture<HttpResponse<String>> events = http.sendAsync(
                    HttpRequest.newBuilder(URI.create(base + "/axiom/api/runs/embedded/events")).build(),
                    HttpResponse.BodyHandlers.ofString());

            run.result().toCompletableFuture().get(5, TimeUnit.MINUTES);
            fed.toCompletableFuture().get(1, TimeUnit.MINUTES); // the event stream ends after the run's last event
            live.finish(Duration.ofMinutes(2));
            List<Map<String, Object>> received = new ArrayList<>();
            for (String line : events.get(2, TimeUnit.MINUTES).body().split("\n")) {
                if (line.startsWith("data:") && line.length() > 5) {
                    received.add(Json.parse(line.substring(5)));
                }
            }

            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("ok");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/axiom/")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).contains("new EventSource(");
            assertThat(received).extracting(e -> ((Number) e.get("id")).longValue())
                    .isEqualTo(java.util.stream.LongStream.rangeClosed(1, received.size()).boxed().toList());
            assertThat(received).extracting(e -> e.get("type")).contains("step", "evaluation", "checkpoint", "snapshot");
            assertThat(received.get(received.size() - 1)).containsEntry("type", "end");
            assertThat(received).filteredOn(e -> "evaluation".equals(e.get("type")))
                    .anySatisfy(e -> assertThat(e).containsEntry("split", "test").containsKey("test_auc"));
            Map<String, Object> snapshot = received.stream().filter(e -> "snapshot".equals(e.get("type"))).reduce((a, b) -> b).orElseThrow();
            assertThat(snapshot).containsEntry("kind", "importance");
            @SuppressWarnings("unchecked")
            List<Number> values = (List<Number>) snapshot.get("values");
            assertThat(values).hasSize(20);
            assertThat(values.stream().map(Number::doubleValue).toList()).isSortedAccordingTo((a, b) -> Double.compare(b, a));
            assertThat(values.get(0).doubleValue()).isPositive();
            binding.terminate(Duration.ofSeconds(3)).toCompletableFuture().join();
        } finally {
            DashboardSystem.terminate(host);
        }
    }
}
