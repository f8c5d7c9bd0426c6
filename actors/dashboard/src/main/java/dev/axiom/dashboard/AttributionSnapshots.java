package dev.axiom.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The low-priority snapshot actor of a run: on its own single thread (the dispatcher
 * {@value #DISPATCHER}, lowered to the configured OS niceness), it computes an attribution
 * snapshot for the newest checkpoint it has been told about and appends it to the run's journal.
 * Requests that arrive while it computes are merged (only the newest is computed), so it never
 * queues work, and training never waits for it: the parameters come from the checkpoint files,
 * which the run writes anyway. It keeps to a time budget: after a snapshot that took {@code t},
 * the next waits {@code t (1 / maxShare − 1)}, so it computes at most {@code maxShare} of the
 * time; a {@link #flush} (training has ended) computes the newest request at once.
 */
public final class AttributionSnapshots {

    /** The configuration path of the snapshot thread's dispatcher (in the dashboard's {@code reference.conf}). */
    public static final String DISPATCHER = "axiom-dashboard.snapshot-dispatcher";

    private static final Logger LOG = LoggerFactory.getLogger(AttributionSnapshots.class);

    /** The actor's messages. */
    public sealed interface Command {}

    /** Look at the newest request. */
    private enum Wake implements Command { INSTANCE }

    /** Tell the caller once everything requested so far is done. */
    private record Flush(CompletableFuture<Void> done) implements Command {}

    private record Request(long step, Path checkpoint) {}

    private static final AtomicInteger COUNT = new AtomicInteger();

    private final AtomicReference<Request> newest;
    private final ActorRef<Command> actor;

    private AttributionSnapshots(ActorRef<Command> actor, AtomicReference<Request> newest) {
        this.actor = actor;
        this.newest = newest;
    }

    /**
     * Spawns the snapshot actor for a run into {@code system}; {@code computer} is created on the
     * snapshot thread at the first request (it loads the run's data).
     */
    public static AttributionSnapshots spawn(ActorSystem<?> system, String name, RunJournal journal,
            Supplier<SnapshotComputer> computer, SnapshotOptions options) {
        AtomicReference<Request> newest = new AtomicReference<>();
        DispatcherSelector dispatcher = system.settings().config().hasPath(DISPATCHER)
                ? DispatcherSelector.fromConfig(DISPATCHER) : DispatcherSelector.blocking();
        ActorRef<Command> ref = system.systemActorOf(
                behaviour(newest, journal, computer, options), name, Props.empty().withNext(dispatcher));
        return new AttributionSnapshots(ref, newest);
    }

    /** A unique actor name for the snapshots of run {@code id}. */
    public static String actorName(String id) {
        return "axiom-snapshots-" + COUNT.incrementAndGet() + "-" + id.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    /** Asks for a snapshot of {@code checkpoint}, written after update {@code step}. */
    public void request(long step, Path checkpoint) {
        newest.set(new Request(step, checkpoint));
        actor.tell(Wake.INSTANCE);
    }

    /** Completes when every snapshot requested so far has been computed (or has failed). */
    public CompletableFuture<Void> flush() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        actor.tell(new Flush(done));
        return done;
    }

    private static Behavior<Command> behaviour(AtomicReference<Request> newest, RunJournal journal,
            Supplier<SnapshotComputer> factory, SnapshotOptions options) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            Worker worker = new Worker(newest, journal, factory, options);
            return Behaviors.receive(Command.class)
                    .onMessageEquals(Wake.INSTANCE, () -> {
                        long wait = worker.nextAllowed - System.nanoTime();
                        if (wait > 0) {
                            timers.startSingleTimer(Wake.INSTANCE, Wake.INSTANCE, Duration.ofNanos(wait));
                        } else {
                            worker.computeNewest();
                        }
                        return Behaviors.same();
                    })
                    .onMessage(Flush.class, f -> {
                        worker.computeNewest(); // training has ended: no need to wait for the budget
                        f.done().complete(null);
                        return Behaviors.same();
                    })
                    .onSignal(PostStop.class, signal -> {
                        worker.close();
                        return Behaviors.same();
                    })
                    .build();
        }));
    }

    /** The actor's state: the computer (made at the first snapshot) and the time budget. */
    private static final class Worker {
        private final AtomicReference<Request> newest;
        private final RunJournal journal;
        private final Supplier<SnapshotComputer> factory;
        private final SnapshotOptions options;
        private SnapshotComputer computer;
        private boolean lowered;
        long nextAllowed = System.nanoTime();

        Worker(AtomicReference<Request> newest, RunJournal journal, Supplier<SnapshotComputer> factory, SnapshotOptions options) {
            this.newest = newest;
            this.journal = journal;
            this.factory = factory;
            this.options = options;
        }

        void computeNewest() {
            Request r = newest.getAndSet(null);
            if (r == null) {
                return;
            }
            if (!lowered) {
                lowered = true;
                LowPriority.apply(options.nice());
            }
            long started = System.nanoTime();
            try {
                if (computer == null) {
                    computer = factory.get();
                }
                Map<String, Object> fields = computeWithRetry(computer, r);
                if (fields != null) {
                    journal.offerSuperseding("snapshot", r.step(), fields);
                }
            } catch (RuntimeException e) {
                LOG.warn("attribution snapshot at step {} failed: {}", r.step(), e.toString());
            }
            long ended = System.nanoTime();
            nextAllowed = ended + options.pauseAfterNanos(ended - started);
        }

        void close() {
            if (computer != null) {
                computer.close();
            }
        }
    }

    /**
     * The run may be rewriting or pruning the checkpoint while it is read: one more try after a
     * pause, then null if the checkpoint is gone.
     */
    private static Map<String, Object> computeWithRetry(SnapshotComputer computer, Request r) {
        try {
            return computer.compute(r.checkpoint());
        } catch (RuntimeException first) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            if (!Files.isDirectory(r.checkpoint())) {
                return null;
            }
            return computer.compute(r.checkpoint());
        }
    }
}
