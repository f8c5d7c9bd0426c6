package dev.axiom.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.axiom.run.MetricsLog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Elastic membership on a real Pekko cluster of child JVMs ({@code axiom node}, as in
 * {@link ClusterTest}): a trainer node with one local worker and {@code axiom.cluster.elastic =
 * true} starts with two worker nodes; while it trains, three times, the oldest worker node is
 * killed ({@code destroyForcibly}; the third time stopped with SIGTERM, on which it leaves the
 * cluster and exits with 143) and, once the trainer has reported it lost, a new worker node
 * is started and must be taken in. Stopped by SIGTERM after the third join, the run must end
 * cleanly with every batch drawn applied exactly once, and each loss and join must show in the
 * trainer's events and in its Prometheus metrics.
 */
class ElasticClusterTest {

    /** Membership changes: each a node killed and a node started. */
    private static final int CHURNS = 3;

    /**
     * Epochs of the run (68 updates each): more than the churn can take on any machine; once the
     * last joiner is in, the test stops the run with SIGTERM (after the current step, with a
     * checkpoint: {@link SignalsTest}), so its length is set by the churn, not by training speed.
     */
    private static final int EPOCHS = 1000;

    private static final long START = System.nanoTime();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path tmp;

    private ChildAxiom children;

    @BeforeEach
    void children() {
        children = new ChildAxiom(tmp);
    }

    @AfterEach
    void killNodes() {
        children.close();
    }

    @Test
    void workerNodesKilledAndStartedDuringTrainingLoseAndRepeatNoBatch() throws Exception {
        Path conf = nodeConfig();
        int port = freePort();
        int metricsPort = freePort();
        Path run = tmp.resolve("elastic-run");
        Process trainer = node(conf, port, port, "trainer", run, "trainer", "--metrics", "127.0.0.1:" + metricsPort);
        Deque<Process> workers = new ArrayDeque<>();
        workers.add(node(conf, freePort(), port, "worker", null, "worker-0"));
        workers.add(node(conf, freePort(), port, "worker", null, "worker-1"));
        Path out = tmp.resolve("trainer.out");
        awaitTraining(trainer, run.resolve("metrics.jsonl"));

        for (int i = 1; i <= CHURNS; i++) {
            Process leaving = workers.poll();
            boolean graceful = i == CHURNS; // the last one stopped as an operator would: SIGTERM, and it leaves the cluster
            if (graceful) {
                leaving.destroy();
            } else {
                leaving.destroyForcibly();
            }
            workers.add(node(conf, freePort(), port, "worker", null, "worker-" + (i + 1))); // starts while the loss is detected
            awaitEvents(trainer, out, "WorkerLost", i, "the trainer saw worker node " + (i - 1) + " go");
            if (graceful) {
                assertThat(leaving.waitFor(1, TimeUnit.MINUTES)).as("the worker node ended after SIGTERM").isTrue();
                String err = Files.readString(tmp.resolve("worker-" + (i - 1) + ".err"));
                assertThat(leaving.exitValue()).as(err).isEqualTo(143);
                assertThat(err).contains("SIGTERM: leaving the cluster").doesNotContain("not done within");
            }
            awaitEvents(trainer, out, "WorkerJoined", i, "the trainer took in worker node " + (i + 1));
        }
        String metrics = awaitMetrics("http://127.0.0.1:" + metricsPort + "/metrics",
                "axiom_workers_lost_total{run_id=\"elastic-run\"} " + CHURNS + ".0",
                "axiom_workers_joined_total{run_id=\"elastic-run\"} " + CHURNS + ".0",
                "axiom_workers{run_id=\"elastic-run\"} 3.0");
        System.out.printf("%.1f s: metrics scraped%n", (System.nanoTime() - START) / 1e9);

        trainer.destroy(); // SIGTERM: stop after the current step
        assertThat(trainer.waitFor(3, TimeUnit.MINUTES)).as("the trainer node finished").isTrue();
        System.out.printf("%.1f s: the trainer node finished%n", (System.nanoTime() - START) / 1e9);
        String log = Files.readString(out);
        assertThat(trainer.exitValue()).as(log + Files.readString(tmp.resolve("trainer.err"))).isEqualTo(143);
        assertThat(count(log, "event WorkerLost\\[step=\\d+, worker=\\d+, node=pekko://axiom@127\\.0\\.0\\.1:\\d+, continuing=true]"))
                .as(log).isEqualTo(CHURNS);
        assertThat(count(log, "event WorkerJoined\\[step=\\d+, worker=\\d+, node=pekko://axiom@127\\.0\\.0\\.1:\\d+]"))
                .as(log).isEqualTo(CHURNS);
        assertThat(log).as("the first two remote workers are slots 1 and 2; the joiners get new slots")
                .contains("event WorkerJoined[step=").doesNotContainPattern("event WorkerJoined\\[step=\\d+, worker=[012],");

        Matcher finished = Pattern.compile("event Finished\\[step=(\\d+), epoch=(\\d+), stoppedBeforeTheEnd=true, "
                + "batchesDrawn=(\\d+), batchesApplied=(\\d+)]").matcher(log);
        assertThat(finished.find()).as(log).isTrue();
        long steps = Long.parseLong(finished.group(1));
        assertThat(Long.parseLong(finished.group(3))).as("batches drawn").isEqualTo(steps);
        assertThat(Long.parseLong(finished.group(4))).as("batches applied").isEqualTo(steps);
        assertThat(Files.isDirectory(run.resolve("checkpoints").resolve(String.format("step-%09d", steps))))
                .as("the checkpoint written on SIGTERM").isTrue();

        List<Long> logged = MetricsLog.read(run.resolve("metrics.jsonl")).stream()
                .filter(r -> "step".equals(r.get("type")))
                .map(r -> ((Number) r.get("step")).longValue())
                .toList();
        assertThat(logged).as("every update logged once, in order (log-every-steps = 1)").hasSize((int) steps);
        for (int i = 0; i < logged.size(); i++) {
            assertThat(logged.get(i)).as("update %d of metrics.jsonl", i + 1).isEqualTo(i + 1L);
        }
    }

    /** Waits until the trainer node has logged its first update. */
    private static void awaitTraining(Process trainer, Path metrics) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (MetricsLog.read(metrics).stream().anyMatch(r -> "step".equals(r.get("type")))) {
                System.out.printf("%.1f s: training started on the cluster%n", (System.nanoTime() - START) / 1e9);
                return;
            }
            assertThat(trainer.isAlive()).as("the trainer node is up").isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("the cluster did not start training within 2 minutes");
    }

    /** Waits until the trainer has printed {@code n} events of {@code kind}; fails if it ends first or takes over 2 minutes. */
    private static void awaitEvents(Process trainer, Path out, String kind, int n, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        String pattern = "event " + kind + "\\[";
        while (System.nanoTime() < deadline) {
            String log = Files.exists(out) ? Files.readString(out) : "";
            if (count(log, pattern) >= n) {
                System.out.printf("%.1f s: %s%n", (System.nanoTime() - START) / 1e9, what);
                return;
            }
            assertThat(trainer.isAlive()).as("the trainer node ended before " + what + " (" + (n - 1) + " " + kind
                    + " events before it):\n" + log).isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("waited 2 minutes in vain for " + what + ":\n" + Files.readString(out));
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** The metrics at {@code url} once they contain every line of {@code expected} (events reach them just after stdout); fails after 10 s. */
    private static String awaitMetrics(String url, String... expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String body = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("GET %s", url).isEqualTo(200);
            body = r.body();
            String text = body;
            if (java.util.Arrays.stream(expected).allMatch(text::contains)) {
                return body;
            }
            Thread.sleep(100);
        }
        assertThat(body).as("the trainer node's Prometheus metrics after the churn").contains(expected);
        return body;
    }

    private Path nodeConfig() throws IOException {
        Path conf = tmp.resolve("node.conf");
        Path preset = Path.of("../../conf/tabular-sparsity.conf").toAbsolutePath().normalize();
        Files.writeString(conf, """
                include "%s"
                axiom {
                  model.hidden = [32, 16]
                  train { epochs = %d, threads = 1, log-every-steps = 1 }
                  attribution { references = 2, reference-source = shifted-batch }
                  # 5 s (a heartbeat pause of 2.5 s): with 3 s, a healthy node was once taken for lost
                  # while the loaded machine started a new node's JVM
                  cluster { remote-workers = 2, down-after-seconds = 5, elastic = true }
                }
                """.formatted(preset, EPOCHS));
        return conf;
    }

    private Process node(Path conf, int port, int seedPort, String role, Path out, String name, String... extra) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("node", "--config", conf.toString()));
        arguments.addAll(ChildAxiom.clusterNode(role, port, seedPort));
        if (out != null) {
            arguments.addAll(List.of("--out", out.toString()));
        }
        arguments.addAll(List.of(extra));
        // as ./axiom node has it: three JVMs share the cores
        return children.start(name, arguments, java.util.Map.of("MALLOC_ARENA_MAX", "1", "OMP_WAIT_POLICY", "PASSIVE"));
    }

    private static int freePort() throws IOException {
        return ChildAxiom.freePort();
    }
}
