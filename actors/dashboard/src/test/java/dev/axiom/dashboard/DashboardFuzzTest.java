package dev.axiom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.axiom.fuzz.FuzzTarget;
import dev.axiom.fuzz.Fuzzer;
import dev.axiom.fuzz.Mutator;
import dev.axiom.fuzz.Reports;
import dev.axiom.fuzz.Seed;
import dev.axiom.fuzz.Summary;
import dev.axiom.run.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's routes against mutated requests: paths, query parameters ({@code after},
 * {@code token}), {@code Last-Event-ID} and {@code Authorization} headers grown from the requests
 * the page makes, sent over a raw socket to a real server (loopback, port 0) serving a finished run.
 * Every answer must be a well-formed HTTP status below 500 within 5 s (4xx counts as a user error),
 * and no answer may contain a file outside the run's directory (two files with secret markers lie
 * beside it: one named like a file the routes serve).
 */
class DashboardFuzzTest {

    private static final String TOKEN = "fuzz-token-1234";
    private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.[01] (\\d{3}) ");
    private static final Path WORK = Path.of("target", "fuzz");

    private static ActorSystem<Void> system;
    private static DashboardServer server;
    private static List<String> secrets;

    /** A refusal (4xx): the dashboard's user error. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    @BeforeAll
    static void serveAFinishedRun() throws IOException {
        system = DashboardSystem.create();
        Path root = Files.createDirectories(WORK.resolve("dashboard-runs").toAbsolutePath());
        Path dir = Files.createDirectories(root.resolve("run-a"));
        Files.writeString(dir.resolve("config.conf"), "axiom { seed = 7 }\n");
        Json.write(dir.resolve("provenance.json"), Map.of("seed", 7, "command", List.of("axiom", "train")));
        StringBuilder metrics = new StringBuilder();
        for (int s = 1; s <= 30; s++) {
            metrics.append(Json.line(Map.of("type", "step", "step", s, "epoch", 0, "loss", 1.0 / s))).append('\n');
        }
        Files.writeString(dir.resolve("metrics.jsonl"), metrics);
        secrets = List.of("SECRET-OUTSIDE-" + Long.toHexString(System.nanoTime()), "SECRET-SIBLING-" + System.nanoTime());
        Files.writeString(root.resolve("secret.txt"), secrets.get(0));
        Files.writeString(root.resolve("config.conf"), secrets.get(1));
        DashboardRuns runs = new DashboardRuns();
        runs.add(RunFiles.finishedRun(system, dir, SnapshotOptions.defaults()));
        server = DashboardServer.start(system, new BindAddress("127.0.0.1", 0), runs, new Access(Optional.of(TOKEN), true));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        DashboardSystem.terminate(system);
    }

    /** The requests the page and a reconnecting browser make: the target, then header lines. */
    static List<Seed> seeds() {
        String auth = "Authorization: Bearer " + TOKEN;
        List<String> requests = List.of(
                "/?token=" + TOKEN,
                "/api/runs\n" + auth,
                "/api/runs/run-a/events\n" + auth,
                "/api/runs/run-a/events?after=12\n" + auth,
                "/api/runs/run-a/events\n" + auth + "\nLast-Event-ID: 20",
                "/api/runs/run-a/events?token=" + TOKEN + "&after=3",
                "/api/runs/run-a/config\n" + auth,
                "/api/runs/run-a/provenance?token=" + TOKEN,
                "/api/runs/run-a/snapshot/latest\n" + auth,
                "/api/runs/run-a/control/pause\n" + auth);
        List<Seed> seeds = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            seeds.add(new Seed("request-" + i + ".txt", requests.get(i).getBytes(StandardCharsets.UTF_8)));
        }
        return seeds;
    }

    /**
     * Sends the request an input describes and judges the answer: 2xx returns, 4xx throws
     * {@link Refused}, anything else (5xx, no status line, no answer in time, a secret in the body)
     * throws {@link AssertionError}.
     */
    static void send(Path input) throws IOException {
        // bytes as they are (ISO-8859-1 maps each byte to one char and back), so that invalid UTF-8 reaches the server
        List<String> lines = List.of(Files.readString(input, StandardCharsets.ISO_8859_1).split("\n", -1));
        // the mutants are of the target, not of the request line's framing: whitespace would split it
        String target = lines.get(0).replace("\r", "").replace(" ", "%20").replace("\t", "%09");
        String method = target.contains("/control/") ? "POST" : "GET";
        StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String header : lines.subList(1, lines.size())) {
            if (!header.isBlank()) {
                request.append(header.replace("\r", "")).append("\r\n");
            }
        }
        request.append("Connection: close\r\n");
        request.append(method.equals("POST") ? "Content-Length: 0\r\n\r\n" : "\r\n");
        long deadline = System.nanoTime() + Fuzzer.TIMEOUT.toNanos();
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) Fuzzer.TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (SocketException e) {
                // the server answered an oversized request (414, 431) and closed before reading it all
            }
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    response.write(buffer, 0, n);
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("the answer to " + abbreviate(target) + " did not end within 5 s");
                    }
                }
            } catch (SocketException e) {
                // a reset after the answer: judged by what arrived
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no complete answer to " + abbreviate(target) + " within 5 s");
        }
        String text = response.toString(StandardCharsets.ISO_8859_1);
        Matcher status = STATUS.matcher(text);
        if (!status.find()) {
            throw new AssertionError("no HTTP status line in the answer to " + abbreviate(target) + ": " + abbreviate(text));
        }
        int code = Integer.parseInt(status.group(1));
        for (String secret : secrets) {
            if (text.contains(secret)) {
                throw new AssertionError(abbreviate(target) + " served a file outside the run directory (" + secret + ")");
            }
        }
        if (code >= 500) {
            throw new AssertionError(code + " for " + abbreviate(target) + ": " + abbreviate(text));
        }
        if (code >= 400) {
            throw new Refused(code + " for " + abbreviate(target));
        }
    }

    private static String abbreviate(String s) {
        String one = s.replace("\r", "\\r").replace("\n", "\\n");
        return one.length() <= 200 ? one : one.substring(0, 200) + "…";
    }

    @Test
    void mutatedRequestsGetAStatusBelow500AndNothingOutsideTheRun() {
        FuzzTarget target = new FuzzTarget("dashboard", seeds(), Mutator.Format.LINES, DashboardFuzzTest::send,
                List.of(Refused.class), false, null);

        Summary s = new Fuzzer(WORK).run(target, Reports.inputs(250), Reports.seed(19));
        Reports.record(s);

        assertThat(s.crashers()).as("crashers: %s", s.report()).isZero();
        assertThat(s.userErrors()).as("refused requests").isPositive();
        assertThat(s.loaded()).as("answered requests").isPositive();
    }

    @Test
    void pathTraversalIsRefused() throws IOException {
        for (String path : List.of("/api/runs/run-a/..%2fsecret.txt", "/api/runs/..%2fconfig.conf",
                "/api/runs/run-a/%2e%2e/config.conf", "/api/runs/%2e%2e/config", "/../secret.txt")) {
            Path input = Files.writeString(Files.createDirectories(WORK.resolve("traversal")).resolve("request.txt"),
                    path + "\nAuthorization: Bearer " + TOKEN, StandardCharsets.ISO_8859_1);
            try {
                send(input);
                throw new AssertionError(path + " was answered 2xx");
            } catch (Refused expected) {
                assertThat(expected.getMessage()).startsWith("404");
            }
        }
    }
}
