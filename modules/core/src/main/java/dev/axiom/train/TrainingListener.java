package dev.axiom.train;

/** Observes a training loop; every method has an empty default. */
public interface TrainingListener {

    /** After each optimiser step. */
    default void onStep(StepReport report) {}

    /** After the last step of each epoch. */
    default void onEpochEnd(TrainingLoop loop, int epoch) {}
}
