package dev.axiom.dashboard;

import dev.axiom.run.TrainingJob;
import dev.axiom.runtime.events.TrainingEvent;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Writes a live run's events into its journal, in the vocabulary of {@code metrics.jsonl}: a
 * {@code step} record every {@code logEverySteps} updates (the same fields as the file's), an
 * {@code evaluation} record per evaluation ({@code val_…} or {@code test_…} metrics), and records
 * for checkpoints, worker failures, restarts, losses and joins, pauses and the end of training. Each
 * checkpoint is also handed to {@code checkpoints} (the attribution snapshots).
 */
public final class LiveRunFeed implements Consumer<TrainingEvent>, TrainingJob.Observer {

    private final RunJournal journal;
    private final int logEverySteps;
    private final BiConsumer<Long, Path> checkpoints;

    /** A feed into {@code journal}; {@code checkpoints} hears of each checkpoint written. */
    public LiveRunFeed(RunJournal journal, int logEverySteps, BiConsumer<Long, Path> checkpoints) {
        this.journal = journal;
        this.logEverySteps = Math.max(1, logEverySteps);
        this.checkpoints = checkpoints;
    }

    @Override
    public void accept(TrainingEvent event) {
        if (journal.isClosed()) {
            return;
        }
        if (event instanceof TrainingEvent.StepCompleted s) {
            if (s.step() % logEverySteps == 0) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("epoch", s.epoch());
                f.put("loss", s.loss());
                f.put("task_loss", s.taskLoss());
                f.put("prior_loss", s.priorLoss());
                f.put("lr", s.learningRate());
                f.put("samples_per_s", s.samplesPerSecond());
                journal.offer("step", s.step(), f);
            }
        } else if (event instanceof TrainingEvent.EpochCompleted e) {
            journal.offer("epoch", e.step(), Map.of("epoch", e.epoch()));
        } else if (event instanceof TrainingEvent.Evaluated e) {
            evaluated(e.step(), e.epoch(), e.split(), e.metrics());
        } else if (event instanceof TrainingEvent.CheckpointSaved c) {
            checkpointed(c.step(), Path.of(c.path()));
        } else if (event instanceof TrainingEvent.WorkerFailed w) {
            journal.offer("worker_failed", w.step(), Map.of("worker", w.worker(), "message", w.message()));
        } else if (event instanceof TrainingEvent.WorkerRestarted w) {
            journal.offer("worker_restarted", w.step(), Map.of("worker", w.worker(), "restarts", w.restarts()));
        } else if (event instanceof TrainingEvent.WorkerLost w) {
            journal.offer("worker_lost", w.step(),
                    Map.of("worker", w.worker(), "node", w.node(), "continuing", w.continuing()));
        } else if (event instanceof TrainingEvent.WorkerJoined w) {
            journal.offer("worker_joined", w.step(), Map.of("worker", w.worker(), "node", w.node()));
        } else if (event instanceof TrainingEvent.Paused p) {
            journal.offer("paused", p.step(), Map.of());
        } else if (event instanceof TrainingEvent.Resumed r) {
            journal.offer("resumed", r.step(), Map.of());
        } else if (event instanceof TrainingEvent.Finished f) {
            journal.offer("finished", f.step(), Map.of("epoch", f.epoch(), "stopped_before_the_end", f.stoppedBeforeTheEnd()));
        } else if (event instanceof TrainingEvent.Failed f) {
            journal.offer("failed", f.step(), Map.of("message", f.message()));
        }
    }

    @Override
    public void evaluated(long step, int epoch, String split, Map<String, Double> metrics) {
        if (journal.isClosed()) {
            return;
        }
        String prefix = split.equals("validation") ? "val_" : split.equals("test") ? "test_" : split + "_";
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("epoch", epoch);
        metrics.forEach((k, v) -> f.put(prefix + k, v));
        f.put("split", split);
        journal.offer("evaluation", step, f);
    }

    @Override
    public void checkpointed(long step, Path checkpoint) {
        if (journal.isClosed()) {
            return;
        }
        journal.offer("checkpoint", step, Map.of("path", checkpoint.getFileName().toString()));
        checkpoints.accept(step, checkpoint);
    }
}
