package dev.axiom.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Argument checks whose messages name the tensor, the expected and the actual shape or value, so
 * that a user who passes the wrong thing learns exactly what and where.
 */
public final class Checks {

    private Checks() {}

    /**
     * Requires {@code array} to have {@code expected} as its per-sample shape (all axes but the
     * first, the batch axis).
     */
    public static void requireSampleShape(String name, NDArray array, Shape expected) {
        Shape actual = array.getShape();
        if (actual.dimension() != expected.dimension() + 1
                || !actual.slice(1).equals(expected)) {
            throw new IllegalArgumentException(
                    String.format(
                            "%s has shape %s, expected (N, %s) with N the batch size",
                            name, actual, joined(expected)));
        }
    }

    /** Requires {@code array} to have exactly {@code expected} as its shape. */
    public static void requireShape(String name, NDArray array, Shape expected) {
        if (!array.getShape().equals(expected)) {
            throw new IllegalArgumentException(
                    String.format(
                            "%s has shape %s, expected %s", name, array.getShape(), expected));
        }
    }

    /** Requires two arrays to have the same number of rows (first axis). */
    public static void requireSameBatch(String nameA, NDArray a, String nameB, NDArray b) {
        long na = a.getShape().get(0);
        long nb = b.getShape().get(0);
        if (na != nb) {
            throw new IllegalArgumentException(
                    String.format(
                            "%s has %d rows but %s has %d; they must match",
                            nameA, na, nameB, nb));
        }
    }

    /**
     * Requires every element of {@code array} to be finite. This copies the array to the host, so
     * call it where a failure would otherwise go unnoticed, not on every hot-path tensor.
     */
    public static void requireFinite(String name, NDArray array) {
        try (NDScope scope = new NDScope()) {
            NDArray bad = array.isNaN().logicalOr(array.isInfinite());
            if (bad.any().getBoolean()) {
                long first = bad.flatten().toType(DataType.INT32, false).argMax().getLong();
                double value = Tensors.scalar(array.flatten().get(first));
                throw new NonFiniteValueException(
                        String.format(
                                "%s contains a non-finite value: %s at flat index %d of shape %s",
                                name, value, first, array.getShape()));
            }
        }
    }

    /** Requires a scalar to be finite, naming it in the message. */
    public static double requireFinite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new NonFiniteValueException(name + " is " + value + ", expected a finite number");
        }
        return value;
    }

    private static String joined(Shape shape) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shape.dimension(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape.get(i));
        }
        return sb.toString();
    }
}
