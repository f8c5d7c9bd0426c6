package dev.axiom.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One event-stream client: follows a run's events until the {@code end} event, checking them with
 * an {@link EventLedger}. With a {@link DropPlan} it cuts its connection at random moments and
 * reconnects with {@code Last-Event-ID: <last number accepted>}, as a browser's
 * {@code EventSource} does; events of a cut connection that had not been dispatched are lost and
 * must come again. A stream that the server ends early, or a failed connection, is retried after
 * {@code retry}, at most {@value #MAX_FAILURES} times. Asynchronous: no thread is held while
 * waiting for events.
 */
final class SseClient {

    private static final int MAX_FAILURES = 20;
    private static final Duration RETRY = Duration.ofMillis(250);

    private final int index;
    private final URI events;
    private final Optional<String> token;
    private final HttpClient http;
    private final ScheduledExecutorService timer;
    private final DropPlan plan;
    private final Random random;
    private final EventLedger ledger = new EventLedger();
    private final CompletableFuture<ClientResult> result = new CompletableFuture<>();
    private int connections;
    private int drops;
    private int serverCloses;
    private int resumes;
    private int failures;

    /** A client of {@code events}; {@code plan} null for one that never drops. */
    SseClient(int index, URI events, Optional<String> token, HttpClient http, ScheduledExecutorService timer,
            DropPlan plan, long seed) {
        this.index = index;
        this.events = events;
        this.token = token;
        this.http = http;
        this.timer = timer;
        this.plan = plan;
        this.random = new Random(seed);
    }

    /** Connects; the result completes after the {@code end} event or when the client gives up. */
    CompletableFuture<ClientResult> start() {
        connect();
        return result;
    }

    /** Gives up now (the overall time ran out): the result says how far it got. */
    synchronized void abandon(String why) {
        if (!result.isDone()) {
            ledger.violation(why + " after event " + ledger.lastId());
            finish();
        }
    }

    private synchronized void connect() {
        if (result.isDone()) {
            return;
        }
        connections++;
        HttpRequest.Builder request = HttpRequest.newBuilder(events).header("Accept", "text/event-stream").GET();
        if (ledger.lastId() > 0) {
            request.header("Last-Event-ID", Long.toString(ledger.lastId()));
            resumes++;
        }
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        Connection c = new Connection(plan != null && drops < plan.maxDrops() ? plan.draw(random) : null);
        http.sendAsync(request.build(), info -> info.statusCode() == 200
                        ? HttpResponse.BodySubscribers.fromLineSubscriber(c)
                        : HttpResponse.BodySubscribers.replacing(null))
                .whenComplete((response, error) -> {
                    if (error != null) {
                        c.failed(error);
                    } else if (response.statusCode() != 200) {
                        c.failed(new IllegalStateException("status " + response.statusCode()));
                    }
                });
    }

    private void finish() {
        result.complete(new ClientResult(index, plan != null, ledger.delivered(), ledger.lastId(), ledger.ended(),
                connections, drops, resumes, serverCloses, ledger.violations(), ledger.violationMessages()));
    }

    private void later(long millis, Runnable action) {
        timer.schedule(action, millis, TimeUnit.MILLISECONDS);
    }

    /** One connection: the lines of its body, until it ends, fails or is cut. */
    private final class Connection implements Flow.Subscriber<String> {

        private final DropPlan.Drop drop;
        private final SseFrames frames = new SseFrames(ledger::accept);
        private Flow.Subscription subscription;
        private ScheduledFuture<?> dropTimer;
        private int lines;
        private boolean over;

        Connection(DropPlan.Drop drop) {
            this.drop = drop;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            synchronized (SseClient.this) {
                subscription = s;
                if (drop != null) {
                    dropTimer = timer.schedule(this::cut, drop.afterMillis(), TimeUnit.MILLISECONDS);
                }
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            synchronized (SseClient.this) {
                if (over) {
                    return;
                }
                frames.line(line);
                lines++;
                if (ledger.ended()) {
                    close();
                    finish();
                } else if (drop != null && lines >= drop.line()) {
                    cut();
                }
            }
        }

        @Override
        public void onError(Throwable error) {
            failed(error);
        }

        @Override
        public void onComplete() {
            synchronized (SseClient.this) {
                if (over) {
                    return;
                }
                over = true;
                cancelTimer();
                serverCloses++;
                retry("the stream ended before the end event");
            }
        }

        /** Drops the connection on purpose and reconnects after the plan's pause. */
        void cut() {
            synchronized (SseClient.this) {
                if (over) {
                    return;
                }
                close();
                drops++;
                later(drop.pauseMillis(), SseClient.this::connect);
            }
        }

        void failed(Throwable error) {
            synchronized (SseClient.this) {
                if (over) {
                    return;
                }
                over = true;
                cancelTimer();
                retry("connection failed: " + error);
            }
        }

        private void retry(String why) {
            if (++failures > MAX_FAILURES) {
                ledger.violation("gave up after " + MAX_FAILURES + " failures; last: " + why);
                finish();
            } else {
                later(RETRY.toMillis(), SseClient.this::connect);
            }
        }

        private void close() {
            over = true;
            cancelTimer();
            if (subscription != null) {
                subscription.cancel();
            }
        }

        private void cancelTimer() {
            if (dropTimer != null) {
                dropTimer.cancel(false);
            }
        }
    }
}
