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
