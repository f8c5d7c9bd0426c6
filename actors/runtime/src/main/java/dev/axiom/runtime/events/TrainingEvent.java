package dev.axiom.runtime.events;

import java.util.Map;

/** What happened in a training run, in the order it happened; every event is a past-tense record. */
public sealed interface TrainingEvent {

    /** The update after which the event happened (0 before the first). */
    long step();

    /** An update was applied. */
    record StepCompleted(
            long step,
            int epoch,
            double loss,
            double taskLoss,
            double priorLoss,
            double learningRate,
            double samplesPerSecond,
            int staleness)
            implements TrainingEvent {}

    /** The last batch of an epoch was applied. */
    record EpochCompleted(long step, int epoch) implements TrainingEvent {}

    /** The model was evaluated on a split. */
    record Evaluated(long step, int epoch, String split, Map<String, Double> metrics) implements TrainingEvent {
        /** Copies the map. */
        public Evaluated {
            metrics = Map.copyOf(metrics);
        }
    }

    /** A checkpoint was written. */
    record CheckpointSaved(long step, String path) implements TrainingEvent {}

    /** A worker failed while computing a shard of a step. */
    record WorkerFailed(long step, int worker, String message) implements TrainingEvent {}

    /** A failed or stopped worker was replaced by a fresh one with the current parameters. */
    record WorkerRestarted(long step, int worker, int restarts) implements TrainingEvent {}

    /** A worker on another node was lost with its node; training goes on without it, or stops. */
    record WorkerLost(long step, int worker, String node, boolean continuing) implements TrainingEvent {}

    /**
     * A worker on another node joined the running cluster ({@code axiom.cluster.elastic}); it
     * computes shards from the next step on, starting from the parameters of that step.
     */
    record WorkerJoined(long step, int worker, String node) implements TrainingEvent {}

    /** The run was paused. */
    record Paused(long step) implements TrainingEvent {}

    /** The run was resumed. */
    record Resumed(long step) implements TrainingEvent {}

    /**
     * Training ended: all epochs done, or stopped on request or early; {@code batchesDrawn} were
     * taken from the data loader and {@code batchesApplied} applied (each exactly once).
     */
    record Finished(long step, int epoch, boolean stoppedBeforeTheEnd, long batchesDrawn, long batchesApplied)
            implements TrainingEvent {}

    /** Training ended with an error; the last checkpoint is intact. */
    record Failed(long step, String message) implements TrainingEvent {}
}
