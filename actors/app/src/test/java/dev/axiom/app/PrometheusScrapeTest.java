package dev.axiom.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training process as operators watch it: a real Prometheus server (Debian's {@code prometheus})
 * scrapes the run's loopback metrics port every second while it trains; afterwards its query API
 * gives the run's step count for {@code axiom_steps_total} and a loss. The text passes
 * {@code promtool check metrics}. The readiness probe is 200 while training proceeds and 503,
 * saying so, while the dashboard has paused the run; the liveness probe is 200 throughout.
 */
class PrometheusScrapeTest {

    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path tmp;

    @Test
    void aRealPrometheusScrapesTheRunAndTheProbesFollowIt() throws Exception {
        assertThat(PROMETHEUS).as("Prometheus is installed (./axiom test installs Debian's prometheus)").exists();
        int metricsPort = freePort();
        int dashboardPort = freePort();
        int prometheusPort = freePort();
        Path config = tmp.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 900ms
                scrape_configs:
                  - job_name: axiom
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(metricsPort));
        Process prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + tmp.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true).redirectOutput(tmp.resolve("prometheus.log").toFile()).start();
        try {
            Path run = tmp.resolve("run-scraped");
            CompletableFuture<Outcome> training = CompletableFuture.supplyAsync(() -> Outcome.of("train",
                    "--out", run.toString(), "--no-report",
                    "--set", "axiom.train.epochs=3", "--set", "axiom.train.checkpoint-every-steps=20",
                    "--metrics", "127.0.0.1:" + metricsPort,
                    "--dashboard", "127.0.0.1:" + dashboardPort, "--dashboard-control", "--dashboard-token", "secret",
                    "--linger", "4"));
            String metrics = "http://127.0.0.1:" + metricsPort;
            String text = await(() -> get(metrics + "/metrics"), r -> r != null && steps(r.body()) >= 3, 180).body();

            HttpResponse<String> ready = get(metrics + "/health/ready");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(ready.body()).startsWith("ready: training: last step ");
            assertThat(get(metrics + "/health/live").statusCode()).isEqualTo(200);

            Path scraped = tmp.resolve("metrics.txt");
            Files.writeString(scraped, text);
            Process check = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics")
                    .redirectInput(scraped.toFile()).redirectErrorStream(true).start();
            String verdict = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(check.waitFor()).as("promtool check metrics: %s", verdict).isZero();

            String control = "http://127.0.0.1:" + dashboardPort + "/api/runs/run-scraped/control/";
            assertThat(post(control + "pause").statusCode()).isEqualTo(200);
            HttpResponse<String> paused = await(() -> get(metrics + "/health/ready"), r -> r.statusCode() == 503, 60);
            assertThat(paused.body()).startsWith("not ready: paused at step ");
            assertThat(get(metrics + "/health/live").statusCode()).isEqualTo(200);
            assertThat(get("http://127.0.0.1:" + dashboardPort + "/health/ready").statusCode())
                    .as("the dashboard's server answers the probes too, without the token").isEqualTo(503);
            assertThat(post(control + "resume").statusCode()).isEqualTo(200);
            await(() -> get(metrics + "/health/ready"), r -> r.statusCode() == 200, 60);

            Outcome o = training.get(10, TimeUnit.MINUTES);
            assertThat(o.code()).as(o.err()).isZero();
            Matcher m = Pattern.compile("\"steps\":(\\d+)").matcher(o.out());
            assertThat(m.find()).as(o.out()).isTrue();
            long steps = Long.parseLong(m.group(1));
            String api = "http://127.0.0.1:" + prometheusPort + "/api/v1/query?query=";
            JsonNode counted = query(api + "axiom_steps_total");
            assertThat(counted.get("metric").get("run_id").asText()).isEqualTo("run-scraped");
            assertThat(counted.get("value").get(1).asDouble()).as("the run's step count").isEqualTo(steps);
            assertThat(query(api + "axiom_loss").get("value").get(1).asDouble()).isPositive().isLessThan(100);
        } finally {
            prometheus.destroy();
            prometheus.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The newest sample of a one-series query. */
    private static JsonNode query(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url.replace(" ", "%20"))).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode result = new ObjectMapper().readTree(r.body()).get("data").get("result");
        assertThat(result.size()).as(r.body()).isEqualTo(1);
        return result.get(0);
    }

    private static double steps(String metrics) {
        Matcher m = Pattern.compile("(?m)^axiom_steps_total\\{[^}]*} (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static HttpResponse<String> get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static HttpResponse<String> post(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer secret")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private interface Call {
        HttpResponse<String> call() throws Exception;
    }

    private static HttpResponse<String> await(Call call, Predicate<HttpResponse<String>> until, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        HttpResponse<String> last = null;
        while (System.nanoTime() < end) {
            last = call.call();
            if (last != null && until.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("gave up after " + seconds + " s; last answer: "
                + (last == null ? "none" : last.statusCode() + " " + last.body()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
