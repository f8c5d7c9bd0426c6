package dev.axiom.runtime;

import com.typesafe.config.Config;
import dev.axiom.run.Progress;
import dev.axiom.run.TrainingJob;
import dev.axiom.runtime.events.TrainingEvent;
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
 * its own, observable as a stream of {@link TrainingEvent}s, and controllable.
 *
 * <pre>{@code
 * try (EmbeddedRun run = EmbeddedRun.start(SettingsLoader.load(null, List.of()), Path.of("runs/a"), hostSystem)) {
 *     run.events().runForeach(e -> log.info("{}", e), hostSystem);
 *     run.result().toCompletableFuture().join();
 * }
 * }</pre>
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
    private final RuntimeDriver driver;
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
        this.driver = RuntimeDriver.forRun(job.settings().runtime(), system, queue::offer);
        job.withDriver(driver).withObserver(new TrainingJob.Observer() {
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
            result.complete(job.run());
        } catch (RuntimeException | Error e) {
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

    /** Pauses after the current step. */
    public void pause() {
        driver.pause();
    }

    /** Continues a paused run. */
    public void resume() {
        driver.resume();
    }

    /** Stops after the current step; the run writes a checkpoint and evaluates on the test split. */
    public void stop() {
        job.requestStop();
        driver.stop();
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
