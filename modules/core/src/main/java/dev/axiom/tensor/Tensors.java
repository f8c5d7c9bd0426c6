package dev.axiom.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Small conversions between arrays and Java values.
 *
 * <p>Arrays made from Java values ({@code manager.create(float[] …)}) must go through {@link
 * #owned}: DJL's PyTorch engine hands libtorch a pointer into a direct {@code ByteBuffer} that
 * only the Java array object keeps alive. Once that object is closed (by a scope, or
 * try-with-resources) the buffer can be garbage-collected while libtorch still reads it (through a
 * view, or a tensor autograd saved for the backward pass) — memory corruption that showed as runs
 * not reproducing and as NaN losses, more often the more the garbage collector ran.
 */
public final class Tensors {

    private Tensors() {}

    /**
     * A copy of {@code fromJava} in memory libtorch owns; {@code fromJava} (an array just made from
     * Java values) is closed. Use it for every array made from Java values (see the class comment).
     */
    public static NDArray owned(NDArray fromJava) {
        NDArray copy = fromJava.duplicate();
        fromJava.close();
        return copy;
    }

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

    /*
     * Arithmetic with a Java number. DJL's own overloads (mul(Number), div(Number), …) make the
     * number a tensor over Java memory and close it at once, while autograd may keep it for the
     * backward pass (mul, div, pow, maximum do): see the class comment. These make it in memory
     * libtorch owns, of a's floating type (a Java double would promote float32).
     */

    /** {@code v} as a scalar array of {@code like}'s type, in memory libtorch owns. */
    public static NDArray scalarLike(NDArray like, double v) {
        NDManager m = like.getManager();
        return owned(like.getDataType() == DataType.FLOAT64 ? m.create(v) : m.create((float) v));
    }

    /** {@code a · v}. */
    public static NDArray times(NDArray a, double v) {
        try (NDArray s = scalarLike(a, v)) {
            return a.mul(s);
        }
    }

    /** {@code a / v}. */
    public static NDArray over(NDArray a, double v) {
        try (NDArray s = scalarLike(a, v)) {
            return a.div(s);
        }
    }

    /** {@code a + v}. */
    public static NDArray plus(NDArray a, double v) {
        try (NDArray s = scalarLike(a, v)) {
            return a.add(s);
        }
    }

    /** {@code a^v}, elementwise. */
    public static NDArray power(NDArray a, double v) {
        try (NDArray s = scalarLike(a, v)) {
            return a.pow(s);
        }
    }

    /** {@code max(a, v)}, elementwise. */
    public static NDArray atLeast(NDArray a, double v) {
        try (NDArray s = scalarLike(a, v)) {
            return a.maximum(s);
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
