package dev.axiom.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.axiom.data.Dataset;
import dev.axiom.run.LoopDriver;
import dev.axiom.run.config.RunSettings;
import dev.axiom.runtime.events.TrainingEvent;
import dev.axiom.runtime.stream.BatchStream;
import dev.axiom.train.TrainingLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Drives a run's training loop through the actor runtime: in a host's {@link ActorSystem}, or in
 * one of its own that lives exactly as long as the training.
 */
public final class RuntimeDriver implements LoopDriver {

    private final ActorSystem<?> host;
    private final RuntimeSettings settings;
    private final Consumer<TrainingEvent> events;
    private Path watchDirectory;
    private Duration watchPoll = Duration.ofSeconds(2);
    private volatile TrainingRuntime.Running current;
    private volatile boolean pauseRequested;

    private RuntimeDriver(ActorSystem<?> host, RuntimeSettings settings, Consumer<TrainingEvent> events) {
        this.host = host;
        this.settings = settings;
        this.events = events;
    }

    /** A driver that creates (and terminates) an actor system of its own for each training. */
    public static RuntimeDriver ownSystem(RuntimeSettings settings, Consumer<TrainingEvent> events) {
        return new RuntimeDriver(null, settings, events);
    }

    /** A driver that trains inside {@code system}, which the host owns. */
    public static RuntimeDriver in(ActorSystem<?> system, RuntimeSettings settings, Consumer<TrainingEvent> events) {
        return new RuntimeDriver(system, settings, events);
    }

    /**
     * This driver, training on the shards that appear in {@code directory} (listed every
     * {@code poll}) instead of the run's training split, until stopped; null: the training split.
     */
    public RuntimeDriver watching(Path directory, Duration poll) {
        this.watchDirectory = directory;
        this.watchPoll = poll;
        return this;
    }

    /** A driver for a run's settings: its runtime section, and its watched directory if it has one. */
    public static RuntimeDriver forRun(RunSettings.Runtime r, ActorSystem<?> hostOrNull, Consumer<TrainingEvent> events) {
        RuntimeDriver d = new RuntimeDriver(hostOrNull, settingsOf(r), events);
        if (r.watchDirectory() != null) {
            d.watching(Path.of(r.watchDirectory()), Duration.ofMillis(Math.round(r.watchPollSeconds() * 1000)));
        }
        return d;
    }

    /** The runtime settings of a run's {@code axiom.runtime} section. */
    public static RuntimeSettings settingsOf(RunSettings.Runtime r) {
        return new RuntimeSettings(
                r.workers(),
                r.mode().equals("asynchronous") ? RuntimeSettings.Mode.ASYNCHRONOUS : RuntimeSettings.Mode.SYNCHRONOUS,
                r.maxStaleness(),
                r.importanceDecay(),
                r.prefetch(),
                r.maxAttempts(),
                FaultPlan.none(),
                RuntimeSettings.Cluster.none());
    }

    /**
     * The configuration of an actor system Axiom creates: Pekko's defaults, logging through SLF4J,
     * and no JVM shutdown hook of Pekko's own (the command line's hook stops training after the
     * current step and writes a checkpoint; Pekko's would kill the trainer first).
     */
    public static Config systemConfig() {
        return ConfigFactory.parseString("""
                pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
                pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
                pekko.loglevel = INFO
                pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
                pekko.log-dead-letters-during-shutdown = off
                """).withFallback(ConfigFactory.defaultReference());
    }

    @Override
    public void fit(TrainingLoop loop, Dataset train) {
        fit(loop, train, null);
    }

    @Override
    public void fit(TrainingLoop loop, Dataset train, Function<Path, Dataset> shards) {
        if (watchDirectory != null && shards == null) {
            throw new IllegalStateException("a watched directory needs a reader of its shards");
        }
        if (watchDirectory != null && !Files.isDirectory(watchDirectory)) {
            throw new IllegalArgumentException("axiom.runtime.watch-directory: " + watchDirectory + " is not a directory");
        }
        if (host != null) {
            run(host, loop, train, shards);
            return;
        }
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "axiom", systemConfig());
        try {
            run(system, loop, train, shards);
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
        }
    }

    private void run(ActorSystem<?> system, TrainingLoop loop, Dataset train, Function<Path, Dataset> shards) {
        TrainingRuntime.Running running;
        if (watchDirectory == null) {
            running = TrainingRuntime.start(system, loop, train, settings, events);
        } else {
            var state = loop.state();
            running = TrainingRuntime.start(system, loop,
                    BatchStream.shards(BatchStream.watch(watchDirectory, shards, watchPoll), loop,
                            state.epoch(), state.batchInEpoch(), settings.prefetch()),
                    settings, events);
        }
        current = running;
        if (pauseRequested) {
            running.pause();
        }
        try {
            running.await();
        } finally {
            current = null;
        }
    }

    /** Pauses the run after its current step (or as soon as it starts). */
    public void pause() {
        pauseRequested = true;
        TrainingRuntime.Running r = current;
        if (r != null) {
            r.pause();
        }
    }

    /** Continues a paused run. */
    public void resume() {
        pauseRequested = false;
        TrainingRuntime.Running r = current;
        if (r != null) {
            r.resume();
        }
    }

    /** Stops the run after its current step (the loop's stop request must be set too). */
    public void stop() {
        pauseRequested = false;
        TrainingRuntime.Running r = current;
        if (r != null) {
            r.stop();
        }
    }
}
