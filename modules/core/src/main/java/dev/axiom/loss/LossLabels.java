package dev.axiom.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.axiom.tensor.Checks;

/** Checks labels against the network output and brings them to the form a loss needs. */
final class LossLabels {

    private LossLabels() {}

    /** Class indices {@code (N)} as one-hot rows of the output's width and data type. */
    static NDArray oneHot(NDArray output, NDArray labels) {
        Checks.requireSameBatch("labels", labels, "network output", output);
        if (labels.getShape().dimension() != 1) {
            throw new IllegalArgumentException(
                    "class labels must be indices of shape (N), got " + labels.getShape());
        }
        int classes = Math.toIntExact(output.getShape().get(1));
        long[] values = labels.toType(DataType.INT64, false).toLongArray();
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] >= classes) {
                throw new IllegalArgumentException(
                        "labels: sample " + i + " has class " + values[i] + ", but the network has "
                                + classes + " outputs (classes 0.." + (classes - 1) + ")");
            }
        }
        return labels.toType(DataType.INT64, false).oneHot(classes, output.getDataType());
    }

    /** Targets of the output's shape and data type ({@code (N)} is read as {@code (N, 1)}). */
    static NDArray targets(NDArray output, NDArray labels) {
        Checks.requireSameBatch("labels", labels, "network output", output);
        NDArray y = labels.getShape().dimension() == 1 ? labels.reshape(-1, 1) : labels;
        Checks.requireShape("labels", y, output.getShape());
        return y.toType(output.getDataType(), false);
    }
}
