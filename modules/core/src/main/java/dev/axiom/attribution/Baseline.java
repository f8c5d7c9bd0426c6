package dev.axiom.attribution;

import ai.djl.ndarray.NDArray;
import dev.axiom.tensor.Checks;

/** The baseline {@code b} of integrated gradients, given the batch it is for. */
public interface Baseline {

    /** The baseline for each sample of {@code x}, with {@code x}'s shape. */
    NDArray of(NDArray x);

    /** Short description for reports. */
    String describe();

    /** The all-zeros input. */
    static Baseline zeros() {
        return new Baseline() {
            @Override
            public NDArray of(NDArray x) {
                return x.zerosLike();
            }

            @Override
            public String describe() {
                return "zeros";
            }
        };
    }

    /**
     * One fixed input for every sample, e.g. the training mean. {@code sample} has the per-sample
     * shape; it must stay open while the baseline is used.
     */
    static Baseline constant(NDArray sample, String description) {
        return new Baseline() {
            @Override
            public NDArray of(NDArray x) {
                Checks.requireSampleShape(
                        "input (for the " + description + " baseline)",
                        x,
                        sample.getShape());
                return sample.toType(x.getDataType(), false).expandDims(0).broadcast(x.getShape());
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }
}
