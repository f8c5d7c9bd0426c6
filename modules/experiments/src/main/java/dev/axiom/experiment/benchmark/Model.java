package dev.axiom.experiment.benchmark;

/** A scalar model evaluated on a batch of rows (the explained output of the benchmark). */
@FunctionalInterface
public interface Model {

    /** The model output for each row. */
    double[] predict(double[][] rows);
}
