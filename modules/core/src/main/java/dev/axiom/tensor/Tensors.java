package dev.axiom.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Small conversions between arrays and Java values. */
public final class Tensors {

    private Tensors() {}

    /** The value of a one-element array of any floating type, as a double. */
    public static double scalar(NDArray array) {
        if (array.getShape().size() != 1) {
            throw new IllegalArgumentException("expected one value, got an array of shape " + array.getShape());
        }
        if (array.getDataType() == DataType.FLOAT64) {
            return array.getDouble();
        }
        try (NDArray wide = array.toType(DataType.FLOAT64, true)) {
            return wide.getDouble();
        }
    }

    /** {@code a · v}, keeping {@code a}'s floating type (a Java double would promote float32). */
    public static NDArray times(NDArray a, double v) {
        return a.getDataType() == DataType.FLOAT64 ? a.mul(v) : a.mul((float) v);
    }

    /** {@code a + v}, keeping {@code a}'s floating type. */
    public static NDArray plus(NDArray a, double v) {
        return a.getDataType() == DataType.FLOAT64 ? a.add(v) : a.add((float) v);
    }

    /** The values of an array of any numeric type as floats (a copy). */
    public static float[] floats(NDArray array) {
        if (array.getDataType() == DataType.FLOAT32) {
            return array.toFloatArray();
        }
        try (NDArray f = array.toType(DataType.FLOAT32, true)) {
            return f.toFloatArray();
        }
    }
}
