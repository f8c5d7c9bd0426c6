package dev.axiom.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Attaches many event-stream clients to one run's dashboard and checks what each receives (see
 * {@link EventLedger}, {@link SseClient}): {@code clients} that follow the stream from the start to
 * the {@code end} event, and {@code reconnecting} ones that also drop their connection at random
 * moments ({@link DropPlan}) and reconnect with {@code Last-Event-ID}. All clients share one HTTP
 * client on {@value #THREADS} threads; none holds a thread while it waits.
 *
 * <pre>
 * DashboardLoad --url http://127.0.0.1:8080/api/runs/RUN/events [--clients 200] [--reconnecting 50]
 *               [--seed 1] [--drops 3] [--drop-lines 60] [--drop-ms 3000] [--pause-ms 200]
 *               [--timeout-s 600] [--token T] [--expect-end N]
 * </pre>
 *
 * Prints {@link LoadReport#summary()}; exits 0 when there is no violation (and the end's number is
 * {@code --expect-end}, when given), 1 otherwise.
 */
public final class DashboardLoad {

    private static final int THREADS = 4;

    private DashboardLoad() {}

    /**
     * What to attach.
     *
     * @param events the run's event-stream URL
     * @param token the dashboard's token, if it has one
     * @param clients clients that never drop
     * @param reconnecting clients that drop and reconnect following {@code drops}
     * @param drops when the reconnecting clients drop
     * @param seed seeds the clients' random drops (client {@code i} gets {@code seed + i})
     * @param timeout how long to wait for every client's end
     */
    public record Plan(URI events, Optional<String> token, int clients, int reconnecting, DropPlan drops, long seed,
            Duration timeout) {}

    /** Runs {@code plan}: connects every client at once and waits for all of them (at most its timeout). */
    public static LoadReport run(Plan plan) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, daemon("sse-client"));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("sse-timer"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).executor(pool).build();
        try {
            Instant start = Instant.now();
            List<SseClient> clients = new ArrayList<>();
            List<CompletableFuture<ClientResult>> results = new ArrayList<>();
            for (int i = 0; i < plan.clients() + plan.reconnecting(); i++) {
                SseClient c = new SseClient(i, plan.events(), plan.token(), http, timer,
                        i < plan.clients() ? null : plan.drops(), plan.seed() + i);
                clients.add(c);
                results.add(c.start());
            }
            try {
                CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                        .get(plan.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                clients.forEach(c -> c.abandon("no end within " + plan.timeout().toSeconds() + " s"));
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
            return new LoadReport(results.stream().map(CompletableFuture::join).toList(), Duration.between(start, Instant.now()));
        } finally {
            timer.shutdownNow();
            pool.shutdownNow();
        }
    }

    /** Command-line entry point (see the class comment). */
    public static void main(String[] args) throws InterruptedException {
        Args a = new Args(args);
        Plan plan = new Plan(URI.create(a.text("--url", null)), Optional.ofNullable(a.text("--token", null)),
                a.integer("--clients", 200), a.integer("--reconnecting", 50),
                new DropPlan(a.integer("--drops", 3), a.integer("--drop-lines", 60),
                        Duration.ofMillis(a.integer("--drop-ms", 3000)), Duration.ofMillis(a.integer("--pause-ms", 200))),
                a.integer("--seed", 1), Duration.ofSeconds(a.integer("--timeout-s", 600)));
        LoadReport report = run(plan);
        System.out.print(report.summary());
        long expectEnd = a.integer("--expect-end", -1);
        boolean endOk = expectEnd < 0 || report.endIds().equals(new java.util.TreeSet<>(List.of(expectEnd)));
        if (!endOk) {
            System.out.println("expected the end to be event " + expectEnd + ", clients ended at " + report.endIds());
        }
        System.exit(report.violations() == 0 && endOk ? 0 : 1);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** {@code --name value} pairs. */
    private record Args(String[] args) {

        String text(String name, String otherwise) {
            for (int i = 0; i + 1 < args.length; i++) {
                if (args[i].equals(name)) {
                    return args[i + 1];
                }
            }
            if (otherwise == null && name.equals("--url")) {
                throw new IllegalArgumentException("--url EVENTS_URL is required");
            }
            return otherwise;
        }

        int integer(String name, int otherwise) {
            String v = text(name, Integer.toString(otherwise));
            return Integer.parseInt(v);
        }
    }
}
