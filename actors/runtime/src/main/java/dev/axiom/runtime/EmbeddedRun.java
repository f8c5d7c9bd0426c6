package dev.axiom.runtime;

import com.typesafe.config.Config;
import dev.axiom.run.LoopDriver;
import dev.axiom.run.Progress;
import dev.axiom.run.TrainingJob;
import dev.axiom.runtime.events.TrainingEvent;
import dev.axiom.train.StepReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.AsPublisher;
import org.apache.pekko.stream.javadsl.BroadcastHub;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;
import org.reactivestreams.Publisher;

/**
 * A training run embedded in a host JVM service: started from settings into a run directory (or
 * resumed from one), trained by the actor runtime inside the host's {@link ActorSystem} or one of
 * its own (or by the plain loop, as {@code axiom.runtime.driver} says), observable as a stream of
 * {@link TrainingEvent}s, and controllable.
 *
 * <pre>{@code
 * try (EmbeddedRun run = EmbeddedRun.start(SettingsLoader.load(null, List.of()), Path.of("runs/a"), hostSystem)) {
 *     run.events().runForeach(e -> log.info("{}", e), hostSystem);
 *     run.result().toCompletableFuture().join();
 * }
 * }</pre>
 *
 * <p>With {@code axiom.runtime.driver = plain} the training loop runs on the run's own thread
 * without actors (the events are then {@code StepCompleted}, {@code Evaluated},
 * {@code CheckpointSaved} and {@code Finished} or {@code Failed}); such a run can be stopped but not paused.
 *
 * <p>Events are broadcast live: a subscriber sees what happens after it subscribes (the run's
 * {@code metrics.jsonl} holds the history). A slow subscriber never slows training or the other
 * subscribers: past its own buffer of 1,024 events its oldest undelivered events are dropped.
 */
public final class EmbeddedRun implements AutoCloseable {

    private static final AtomicInteger RUNS = new AtomicInteger();

    private final ActorSystem<?> system;
    private final boolean ownSystem;
    private final TrainingJob job;
    private final RuntimeDriver driver; // null when the plain loop trains
    private final PlainLoopEvents plain; // null when the actor runtime trains
    private final SourceQueueWithComplete<TrainingEvent> queue;
    private final Source<TrainingEvent, NotUsed> events;
    private final CompletableFuture<TrainingJob.Result> result = new CompletableFuture<>();
    private final Thread thread;

    private EmbeddedRun(ActorSystem<?> host, TrainingJob job) {
        this.ownSystem = host == null;
        this.system = ownSystem ? ActorSystem.create(Behaviors.empty(), "axiom", RuntimeDriver.systemConfig()) : host;
        this.job = job;
        Pair<SourceQueueWithComplete<TrainingEvent>, Source<TrainingEvent, NotUsed>> hub =
                Source.<TrainingEvent>queue(4096, OverflowStrategy.dropHead())
                        .toMat(BroadcastHub.of(TrainingEvent.class, 256), Keep.both())
                        .run(system);
        this.queue = hub.first();
        // A permanent subscriber keeps the hub flowing when nobody else listens (so a subscriber
        // sees events from when it subscribes), and each subscriber gets a buffer of its own that
        // drops its oldest events when it falls behind (so nobody slows anybody else, or training).
        hub.second().runWith(Sink.ignore(), system);
        this.events = hub.second().buffer(1024, OverflowStrategy.dropHead());
        boolean plainLoop = job.settings().runtime().plain();
        this.driver = plainLoop ? null : RuntimeDriver.forRun(job.settings().runtime(), system, queue::offer);
        this.plain = plainLoop ? PlainLoopEvents.to(queue::offer) : null;
        job.withDriver(plainLoop ? LoopDriver.plain() : driver).withObserver(new TrainingJob.Observer() {
            @Override
            public void stepped(StepReport report) {
                if (plain != null) {
                    plain.stepped(report);
                }
            }

            @Override
            public void evaluated(long step, int epoch, String split, Map<String, Double> metrics) {
                queue.offer(new TrainingEvent.Evaluated(step, epoch, split, metrics));
            }

            @Override
            public void checkpointed(long step, Path checkpoint) {
                queue.offer(new TrainingEvent.CheckpointSaved(step, checkpoint.toString()));
            }
        });
        this.thread = new Thread(this::train, "axiom-run-" + RUNS.incrementAndGet());
    }

    /** Starts a new run with {@code settings} in {@code runDirectory}, in {@code host} (null: a system of its own). */
    public static EmbeddedRun start(Config settings, Path runDirectory, ActorSystem<?> host) {
        return launch(host, TrainingJob.start(settings, runDirectory, List.of("embedded"), Progress.silent()));
    }

    /** Continues the run in {@code runDirectory} from its newest checkpoint. */
    public static EmbeddedRun resume(Path runDirectory, ActorSystem<?> host) {
        return launch(host, TrainingJob.resume(runDirectory, Progress.silent()));
    }

    private static EmbeddedRun launch(ActorSystem<?> host, TrainingJob job) {
        EmbeddedRun run = new EmbeddedRun(host, job);
        run.thread.start();
        return run;
    }

    private void train() {
        try {
            TrainingJob.Result r = job.run();
            if (plain != null) {
                plain.finished(r, job.settings().train().epochs());
            }
            result.complete(r);
        } catch (RuntimeException | Error e) {
            if (plain != null) {
                plain.failed(String.valueOf(e.getMessage()));
            }
            result.completeExceptionally(e);
        } finally {
            queue.complete();
        }
    }

    /** The run's events from now on, as a Pekko Streams source (materialise it any number of times). */
    public Source<TrainingEvent, NotUsed> events() {
        return events;
    }

    /** The run's events from now on, as a Reactive Streams publisher for one subscriber. */
    public Publisher<TrainingEvent> publisher() {
        return events.runWith(Sink.asPublisher(AsPublisher.WITHOUT_FANOUT), system);
    }

    /** The actor system the run trains in. */
    public ActorSystem<?> system() {
        return system;
    }

    /**
     * Pauses after the current step.
     *
     * @throws UnsupportedOperationException if the plain loop trains ({@code axiom.runtime.driver = plain})
     */
    public void pause() {
        actors("pause").pause();
    }

    /** Continues a paused run. */
    public void resume() {
        actors("resume").resume();
    }

    private RuntimeDriver actors(String what) {
        if (driver == null) {
            throw new UnsupportedOperationException("cannot " + what + " a run of the plain loop (axiom.runtime.driver = plain);"
                    + " the actor runtime (axiom.runtime.driver = actors) can");
        }
        return driver;
    }

    /** Stops after the current step; the run writes a checkpoint and evaluates on the test split. */
    public void stop() {
        job.requestStop();
        if (driver != null) {
            driver.stop();
        }
    }

    /** The run's outcome: its result, or what ended it (a {@code TrainingFailedException}, say). */
    public CompletionStage<TrainingJob.Result> result() {
        return result.minimalCompletionStage();
    }

    /** Stops the run if it is still training, waits for it, and terminates the actor system if it is Axiom's own. */
    @Override
    public void close() {
        stop();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.watchCompletion().toCompletableFuture().join();
        if (ownSystem) {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
        }
    }
}
