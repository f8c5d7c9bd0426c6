package dev.axiom.runtime;

import dev.axiom.data.Dataset;
import dev.axiom.runtime.events.TrainingEvent;
import dev.axiom.runtime.trainer.Trainer;
import dev.axiom.train.TrainingLoop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Runs a {@link TrainingLoop} through the actor runtime: a supervising {@link Trainer} with its
 * gradient workers, prior aggregator and data loader, inside a given {@link ActorSystem}.
 *
 * <pre>{@code
 * TrainingRuntime.Running run = TrainingRuntime.start(system, loop, train,
 *         RuntimeSettings.defaults().withWorkers(2), event -> log.info("{}", event));
 * run.done().join();
 * }</pre>
 */
public final class TrainingRuntime {

    private static final AtomicInteger RUNS = new AtomicInteger();

    private TrainingRuntime() {}

    /** A run in progress: control it, and wait for it. */
    public record Running(ActorRef<Trainer.Command> trainer, CompletableFuture<Void> done) {

        /** Pauses after the current step. */
        public void pause() {
            trainer.tell(new Trainer.Pause());
        }

        /** Continues a paused run. */
        public void resume() {
            trainer.tell(new Trainer.Resume());
        }

        /** Stops after the current step; {@link #done()} completes when it has. */
        public void stop() {
            trainer.tell(new Trainer.Stop());
        }

        /**
         * Waits for the end of training.
         *
         * @throws RuntimeException what ended the run (a {@code NonFiniteValueException} naming the
         *     step, or a {@link Trainer.RuntimeFailure})
         */
        public void await() {
            try {
                done.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw e;
            }
        }
    }

    /** Starts training {@code loop} on {@code train}; events go to {@code events} (on the trainer's thread). */
    public static Running start(
            ActorSystem<?> system,
            TrainingLoop loop,
            Dataset train,
            RuntimeSettings settings,
            Consumer<TrainingEvent> events) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        return spawn(system, Trainer.create(loop, train, settings, events, done), done);
    }

    /**
     * Starts training {@code loop} on the batches of {@code stream} (for example an unbounded
     * {@link dev.axiom.runtime.stream.BatchStream#shards} source); runs until the stream completes
     * or the run is stopped.
     */
    public static Running start(
            ActorSystem<?> system,
            TrainingLoop loop,
            org.apache.pekko.stream.javadsl.Source<dev.axiom.runtime.stream.LoadedBatch, ?> stream,
            RuntimeSettings settings,
            Consumer<TrainingEvent> events) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        return spawn(system, Trainer.create(loop, stream, settings, events, done), done);
    }

    private static Running spawn(
            ActorSystem<?> system, org.apache.pekko.actor.typed.Behavior<Trainer.Command> trainer, CompletableFuture<Void> done) {
        ActorRef<Trainer.Command> ref = system.systemActorOf(
                trainer, "axiom-trainer-" + RUNS.incrementAndGet(), RuntimeDispatchers.trainer(system));
        return new Running(ref, done);
    }

    /** Trains {@code loop} on {@code train} and returns when training has ended (see {@link Running#await}). */
    public static void fit(
            ActorSystem<?> system,
            TrainingLoop loop,
            Dataset train,
            RuntimeSettings settings,
            Consumer<TrainingEvent> events) {
        start(system, loop, train, settings, events).await();
    }
}
