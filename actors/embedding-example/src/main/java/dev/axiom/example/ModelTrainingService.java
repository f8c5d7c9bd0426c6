package dev.axiom.example;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.axiom.run.TrainingJob;
import dev.axiom.runtime.EmbeddedRun;
import dev.axiom.runtime.events.TrainingEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.reactivestreams.Publisher;

/**
 * A host service that trains one model inside an actor system of its own, the way an application
 * embeds Axiom: it creates the {@link ActorSystem}, starts the run in it with
 * {@link EmbeddedRun#start(Config, Path, ActorSystem)}, follows the run's events (a Pekko
 * {@code Source}, run in the same system), offers them to other consumers as a Reactive Streams
 * {@link Publisher}, lets callers pause, resume and stop training, and on {@link #close()} stops
 * the run, waits for it, and terminates the system, leaving no threads behind.
 *
 * <pre>{@code
 * Config settings = SettingsLoader.load(Path.of("conf/tabular-sparsity.conf"), List.of("axiom.train.epochs=5"));
 * try (ModelTrainingService service = ModelTrainingService.start("trainer-host", settings, Path.of("runs/a"), log::info)) {
 *     TrainingJob.Result result = service.result().toCompletableFuture().join();
 * }
 * }</pre>
 *
 * <p>A JVM shutdown (Pekko's coordinated shutdown) asks the run to stop after its current step,
 * so it writes a checkpoint before the system goes down.
 */
public final class ModelTrainingService implements AutoCloseable {

    /** How long {@link #close()} waits for the event stream and for the actor system to terminate. */
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    private final ActorSystem<Void> system;
    private final EmbeddedRun run;
    private final AtomicReference<Status> status = new AtomicReference<>(new Status(0, 0, false, false));
    private final CompletionStage<Done> following;

    /**
     * What the service last heard from the run.
     *
     * @param step updates applied
     * @param epochsCompleted whole passes over the training data
     * @param paused whether training is paused
     * @param ended whether training has ended (finished, stopped or failed)
     */
    public record Status(long step, int epochsCompleted, boolean paused, boolean ended) {}

    private ModelTrainingService(ActorSystem<Void> system, EmbeddedRun run, Consumer<TrainingEvent> listener) {
        this.system = system;
        this.run = run;
        this.following = run.events().runForeach(event -> {
            status.updateAndGet(s -> next(s, event));
            listener.accept(event);
        }, system);
        CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceStop(), "stop-training", () -> {
            run.stop();
            return run.result().handle((result, error) -> Done.getInstance());
        });
    }

    /**
     * Creates an actor system named {@code name} and starts training {@code settings} in
     * {@code runDirectory} inside it; {@code listener} hears every event, in order, on a thread of
     * the system (keep it quick; if it throws, it hears nothing more).
     *
     * @throws dev.axiom.run.config.SettingsException if the settings are not valid (the system is terminated again)
     */
    public static ModelTrainingService start(String name, Config settings, Path runDirectory, Consumer<TrainingEvent> listener) {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), name, hostConfig());
        try {
            return new ModelTrainingService(system, EmbeddedRun.start(settings, runDirectory, system), listener);
        } catch (RuntimeException e) {
            terminate(system);
            throw e;
        }
    }

    /** The host's own Pekko settings: its logging through SLF4J, over whatever {@code application.conf} says. */
    private static Config hostConfig() {
        return ConfigFactory.parseString("""
                pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
                pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
                pekko.log-dead-letters-during-shutdown = off
                """).withFallback(ConfigFactory.load());
    }

    private static Status next(Status s, TrainingEvent event) {
        if (event instanceof TrainingEvent.StepCompleted e) {
            return new Status(e.step(), s.epochsCompleted(), s.paused(), s.ended());
        } else if (event instanceof TrainingEvent.EpochCompleted e) {
            return new Status(e.step(), e.epoch() + 1, s.paused(), s.ended());
        } else if (event instanceof TrainingEvent.Paused) {
            return new Status(s.step(), s.epochsCompleted(), true, s.ended());
        } else if (event instanceof TrainingEvent.Resumed) {
            return new Status(s.step(), s.epochsCompleted(), false, s.ended());
        } else if (event instanceof TrainingEvent.Finished || event instanceof TrainingEvent.Failed) {
            return new Status(event.step(), s.epochsCompleted(), false, true);
        }
        return s;
    }

    /** What the service last heard from the run. */
    public Status status() {
        return status.get();
    }

    /** The run's events from now on, for one Reactive Streams subscriber (call again for another). */
    public Publisher<TrainingEvent> eventPublisher() {
        return run.publisher();
    }

    /** Pauses training after the current step. */
    public void pause() {
        run.pause();
    }

    /** Continues paused training. */
    public void resume() {
        run.resume();
    }

    /** Stops training after the current step; the run writes a checkpoint and evaluates on its test split. */
    public void stop() {
        run.stop();
    }

    /** The run's result, when it has ended. */
    public CompletionStage<TrainingJob.Result> result() {
        return run.result();
    }

    /**
     * Stops training if it is still going, waits for the run to end and for the listener to hear
     * its last event, and terminates the actor system.
     */
    @Override
    public void close() {
        try {
            run.close();
            following.toCompletableFuture().get(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // The listener failed or never heard the end: nothing more to wait for.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            terminate(system);
        }
    }

    private static void terminate(ActorSystem<?> system) {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("actor system " + system.name() + " did not terminate within " + SHUTDOWN_TIMEOUT, e);
        }
    }
}
