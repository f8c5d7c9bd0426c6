package dev.axiom.run;

import dev.axiom.data.Dataset;
import dev.axiom.train.TrainingLoop;

/**
 * Drives a training loop over its data until it has finished or was asked to stop: the plain loop
 * on the calling thread, or the actor runtime's trainer and workers. Either way the loop's
 * listeners (metrics, evaluation, checkpoints, early stopping) see every step.
 */
@FunctionalInterface
public interface LoopDriver {

    /**
     * Trains {@code loop} on {@code train}.
     *
     * @throws dev.axiom.tensor.NonFiniteValueException naming the step if the loss becomes NaN or infinite
     */
    void fit(TrainingLoop loop, Dataset train);

    /**
     * {@link #fit(TrainingLoop, Dataset)} for drivers that can also train on data arriving later,
     * read by {@code shards} (a file of the run's format, preprocessed like its training split).
     */
    default void fit(TrainingLoop loop, Dataset train, java.util.function.Function<java.nio.file.Path, Dataset> shards) {
        fit(loop, train);
    }

    /** The plain synchronous loop. */
    static LoopDriver plain() {
        return TrainingLoop::fit;
    }
}
