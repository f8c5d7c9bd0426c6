package dev.axiom.experiment;

import com.typesafe.config.Config;
import dev.axiom.run.Progress;
import dev.axiom.run.RunDirectory;
import dev.axiom.run.TrainingJob;
import dev.axiom.run.config.SettingsLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An experiment's training that outlives one invocation: it runs in {@code runs/KEY} of the output
 * folder, a later invocation resumes it from its newest checkpoint (which gives the same parameters
 * as training straight through), and at the work log's deadline or on a stop request it stops at
 * a checkpoint instead of running on. A folder trained with other settings starts over.
 */
public final class ResumableTraining {

    private ResumableTraining() {}

    /**
     * Trains (or goes on training) {@code key} with {@code config}; returns how it ended (its run
     * directory, steps, test metrics).
     *
     * @throws WorkLog.OutOfTime if the time budget ended the training before it finished
     */
    public static TrainingJob.Result run(ExperimentContext context, String key, Config config, List<String> command) {
        Path dir = context.out().resolve("runs").resolve(key);
        TrainingJob job;
        Progress steps = new TenthsLog(key);
        if (resumable(dir, config)) {
            job = TrainingJob.resume(dir, steps);
        } else {
            job = TrainingJob.start(config, context.freshRunDirectory(key), command, steps);
        }
        AtomicBoolean stoppedEarly = new AtomicBoolean();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "axiom-experiment-deadline");
            t.setDaemon(true);
            return t;
        });
        TrainingJob.Result result;
        Runnable stop = () -> {
            stoppedEarly.set(true);
            job.requestStop();
        };
        try (StopRequest.Registration onRequest = context.work().stopRequest().whenRequested(stop)) {
            context.work().deadline().ifPresent(deadline -> timer.schedule(stop,
                    Math.max(0, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS));
            result = job.run();
        } finally {
            timer.shutdownNow();
        }
        if (stoppedEarly.get()) {
            context.work().checkTime(key);
        }
        return result;
    }

    /** Whether {@code dir} holds a checkpointed training with exactly these settings. */
    private static boolean resumable(Path dir, Config config) {
        if (!Files.isRegularFile(dir.resolve("config.conf")) || new RunDirectory(dir).latestCheckpoint().isEmpty()) {
            return false;
        }
        try {
            return Files.readString(dir.resolve("config.conf")).equals(SettingsLoader.render(config));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve("config.conf"), e);
        }
    }

    /** A training's progress as a log line at every tenth of its steps (an experiment's trainings can take hours). */
    private static final class TenthsLog implements Progress {
        private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ResumableTraining.class);
        private final String key;
        private long total = -1;
        private long logged = -1;

        TenthsLog(String key) {
            this.key = key;
        }

        @Override
        public void start(String task, long total) {
            this.total = total;
        }

        @Override
        public void update(long done, String status) {
            if (total <= 0) {
                return;
            }
            long tenth = done * 10 / total;
            if (tenth != logged) {
                logged = tenth;
                LOG.info("{}: {} of {} steps ({} %)", key, done, total, tenth * 10);
            }
        }

        @Override
        public void close() {}
    }
}
