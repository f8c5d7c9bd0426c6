package dev.axiom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.axiom.run.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The routes on a real server (port 0) with Java's HTTP client. */
class DashboardRoutesTest {

    private static ActorSystem<Void> system;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private DashboardServer server;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startSystem() {
        system = DashboardSystem.create();
    }

    @AfterAll
    static void stopSystem() {
        DashboardSystem.terminate(system);
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** A run directory with config, provenance and {@code steps} logged steps, an evaluation after each 10th. */
    private Path finishedRun(String name, int steps) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("config.conf"), "axiom { seed = 7 }\n");
        Json.write(dir.resolve("provenance.json"), Map.of("seed", 7, "command", List.of("axiom", "train")));
        StringBuilder metrics = new StringBuilder();
        for (int s = 1; s <= steps; s++) {
            metrics.append(Json.line(Map.of("type", "step", "step", s, "epoch", 0, "loss", 1.0 / s))).append('\n');
            if (s % 10 == 0) {
                metrics.append(Json.line(Map.of("type", "evaluation", "step", s, "epoch", 0, "val_accuracy", s / 100.0,
                        "split", "validation"))).append('\n');
            }
        }
        Files.writeString(dir.resolve("metrics.jsonl"), metrics);
        return dir;
    }

    private DashboardRuns serve(Access access, DashboardRun... runs) {
        DashboardRuns all = new DashboardRuns();
        for (DashboardRun r : runs) {
            all.add(r);
        }
        server = DashboardServer.start(system, new BindAddress("127.0.0.1", 0), all, access);
        return all;
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The server-sent events of a body (blank-line separated blocks): each event's data, checked against its id. */
    private static List<Map<String, Object>> events(String body) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            String id = null;
            String data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    data = line.substring(5).strip();
                }
            }
            if (data == null || data.isEmpty()) {
                continue; // a heartbeat
            }
            Map<String, Object> e = Json.parse(data);
            assertThat(id).as("event id").isNotNull();
            assertThat(((Number) e.get("id")).longValue()).as("data id matches the event id").isEqualTo(Long.parseLong(id));
            out.add(e);
        }
        return out;
    }

    private static List<Long> ids(List<Map<String, Object>> events) {
        return events.stream().map(e -> ((Number) e.get("id")).longValue()).toList();
    }

    @Test
    void eventStreamDeliversAFinishedRunInOrderAndEnds() throws Exception {
        Path dir = finishedRun("run-a", 30);
        serve(Access.open(), RunFiles.finishedRun(system, dir, SnapshotOptions.defaults()));

        HttpResponse<String> r = get("/api/runs/run-a/events");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        List<Map<String, Object>> events = events(r.body());
        assertThat(ids(events)).isEqualTo(Stream.iterate(1L, i -> i + 1).limit(34).toList()); // 30 steps, 3 evaluations, end
        List<String> lines = Files.readAllLines(dir.resolve("metrics.jsonl"));
        for (int i = 0; i < lines.size(); i++) {
            Map<String, Object> expected = Json.parse(lines.get(i));
            assertThat(events.get(i)).containsAllEntriesOf(expected);
        }
        assertThat(events.get(33)).containsEntry("type", "end");
    }

    @Test
    void aReconnectingClientGetsWhatItMissedAfterLastEventId() throws Exception {
        serve(Access.open(), RunFiles.finishedRun(system, finishedRun("run-a", 30), SnapshotOptions.defaults()));

        List<Long> replayed = ids(events(get("/api/runs/run-a/events", "Last-Event-ID", "20").body()));
        List<Long> afterParameter = ids(events(get("/api/runs/run-a/events?after=30").body()));

        assertThat(replayed).isEqualTo(Stream.iterate(21L, i -> i + 1).limit(14).toList());
        assertThat(afterParameter).containsExactly(31L, 32L, 33L, 34L);
        assertThat(get("/api/runs/run-a/events", "Last-Event-ID", "x").statusCode()).isEqualTo(400);
    }

    @Test
    void liveEventsArriveInOrderWhileTheyAreAppended() throws Exception {
        RunJournal journal = new RunJournal();
        Path dir = finishedRun("live", 0);
        serve(Access.open(), new DashboardRun("live", dir, journal, Optional.empty()));
        journal.append("step", 1, Map.of("loss", 1.0));

        CompletableFuture<HttpResponse<String>> stream = http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/runs/live/events")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Thread writer = new Thread(() -> {
            for (int s = 2; s <= 500; s++) {
                journal.append("step", s, Map.of("loss", 1.0 / s));
                if (s % 50 == 0) {
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            journal.close();
        });
        writer.start();
        List<Map<String, Object>> events = events(stream.get(30, TimeUnit.SECONDS).body());
        writer.join();

        assertThat(ids(events)).isEqualTo(Stream.iterate(1L, i -> i + 1).limit(500).toList());
        assertThat(events.stream().map(e -> ((Number) e.get("step")).longValue()).toList()).isSorted();
    }

    @Test
    void anUnknownRunIs404AndTheRunListNamesTheKnownOnes() throws Exception {
        serve(Access.open(), RunFiles.finishedRun(system, finishedRun("run-a", 3), SnapshotOptions.defaults()));

        assertThat(get("/api/runs/nope/events").statusCode()).isEqualTo(404);
        assertThat(get("/api/runs/nope/config").statusCode()).isEqualTo(404);
        assertThat(get("/api/runs").body()).isEqualTo("[\"run-a\"]");
        assertThat(get("/api/runs/run-a/config").body()).contains("seed = 7");
        assertThat(Json.parse(get("/api/runs/run-a/provenance").body())).containsEntry("seed", 7);
        assertThat(get("/api/runs/run-a/snapshot/latest").statusCode()).isEqualTo(404); // no checkpoint, no snapshot
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("new EventSource(");
    }

    @Test
    void withATokenEveryRequestNeedsIt() throws Exception {
        serve(new Access(Optional.of("s3cret"), false),
                RunFiles.finishedRun(system, finishedRun("run-a", 3), SnapshotOptions.defaults()));

        assertThat(get("/").statusCode()).isEqualTo(401);
        assertThat(get("/api/runs/run-a/events").statusCode()).isEqualTo(401);
        assertThat(get("/api/runs/nope/events").statusCode()).as("401 before 404: no run names without the token").isEqualTo(401);
        assertThat(get("/api/runs/run-a/config?token=wrong").statusCode()).isEqualTo(401);
        assertThat(get("/api/runs/run-a/config", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(get("/api/runs/run-a/config", "Authorization", "Bearer s3cret").statusCode()).isEqualTo(200);
        assertThat(get("/api/runs/run-a/events?token=s3cret").statusCode()).isEqualTo(200);
        assertThat(get("/?token=s3cret").statusCode()).isEqualTo(200);
        assertThat(get("/api/runs/nope/events?token=s3cret").statusCode()).isEqualTo(404);
        assertThat(server.url()).endsWith("/?token=s3cret");
    }

    @Test
    void readOnlyUnlessControlIsEnabledAndThenOnlyWithTheToken() throws Exception {
        AtomicInteger stops = new AtomicInteger();
        RunControl control = new RunControl() {
            @Override
            public void pause() {}

            @Override
            public void resume() {}

            @Override
            public void stop() {
                stops.incrementAndGet();
            }
        };
        Path dir = finishedRun("live", 0);
        DashboardRun run = new DashboardRun("live", dir, new RunJournal(), Optional.of(control));

        serve(Access.open(), run);
        assertThat(post("/api/runs/live/control/stop").statusCode()).isEqualTo(404);
        assertThat(post("/api/runs/live/events").statusCode()).isEqualTo(405);
        server.close();

        serve(new Access(Optional.of("t0ken"), false), run);
        assertThat(post("/api/runs/live/control/stop?token=t0ken").statusCode()).isEqualTo(404);
        server.close();

        serve(new Access(Optional.of("t0ken"), true), run);
        assertThat(post("/api/runs/live/control/stop").statusCode()).isEqualTo(401);
        assertThat(post("/api/runs/live/control/stop?token=wrong").statusCode()).isEqualTo(401);
        assertThat(stops).hasValue(0);
        assertThat(post("/api/runs/live/control/stop", "Authorization", "Bearer t0ken").statusCode()).isEqualTo(200);
        assertThat(post("/api/runs/live/control/explode?token=t0ken").statusCode()).isEqualTo(404);
        assertThat(get("/api/runs/live/control/stop?token=t0ken").statusCode()).isEqualTo(405);
        assertThat(stops).hasValue(1);
    }

    @Test
    void anAddressOtherThanLoopbackNeedsAToken() {
        assertThat(Access.forHost("127.0.0.1", null, false).token()).isEmpty();
        assertThat(Access.forHost("localhost", null, false).token()).isEmpty();
        assertThat(Access.forHost("0.0.0.0", null, false).token()).hasValueSatisfying(t -> assertThat(t).hasSize(32));
        assertThat(Access.forHost("127.0.0.1", null, true).token()).as("control needs a token").isPresent();
        assertThat(Access.forHost("0.0.0.0", "mine", false).token()).hasValue("mine");
        assertThatThrownBy(() -> DashboardServer.start(system, new BindAddress("0.0.0.0", 0), new DashboardRuns(), Access.open()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a token");
        assertThatThrownBy(() -> new Access(Optional.empty(), true)).isInstanceOf(IllegalArgumentException.class);
        assertThat(BindAddress.parse("8080")).isEqualTo(new BindAddress("127.0.0.1", 8080));
        assertThat(BindAddress.parse("0.0.0.0:80")).isEqualTo(new BindAddress("0.0.0.0", 80));
        assertThat(BindAddress.parse("[::1]:81")).isEqualTo(new BindAddress("::1", 81));
        assertThatThrownBy(() -> BindAddress.parse("host:port")).hasMessageContaining("[HOST:]PORT");
    }
}
