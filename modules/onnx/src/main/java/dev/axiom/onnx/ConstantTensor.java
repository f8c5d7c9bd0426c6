package dev.axiom.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A constant tensor met while importing an ONNX graph (an initializer, a {@code Constant}, or
 * the result of folding shape arithmetic): its dimensions and its values, floating-point values
 * as doubles (exact for float32) and integers as longs. An integer tensor may hold
 * {@link #BATCH}, the batch size, which is only known when the network runs.
 *
 * @param dims the dimensions
 * @param integer whether the values are integers (int64, int32, bool) rather than reals
 * @param reals the values of a real tensor, row-major (null for integers)
 * @param ints the values of an integer tensor, row-major (null for reals)
 */
record ConstantTensor(long[] dims, boolean integer, double[] reals, long[] ints) {

    /** The batch size in a folded shape: a stand-in, not a number. */
    static final long BATCH = Long.MIN_VALUE / 4;

    static ConstantTensor ofInts(long[] dims, long... values) {
        return new ConstantTensor(dims, true, null, values);
    }

    static ConstantTensor ofReals(long[] dims, double... values) {
        return new ConstantTensor(dims, false, values, null);
    }

    /** A 1-D integer tensor. */
    static ConstantTensor vector(long... values) {
        return ofInts(new long[] {values.length}, values);
    }

    /** Number of values. */
    int size() {
        return integer ? ints.length : reals.length;
    }

    /** The values as doubles. */
    double[] asReals() {
        return integer ? Arrays.stream(ints).asDoubleStream().toArray() : reals;
    }

    /** The values as longs (reals must be whole numbers). */
    long[] asLongs() {
        if (integer) {
            return ints;
        }
        long[] out = new long[reals.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (long) reals[i];
            if (out[i] != reals[i]) {
                throw new IllegalArgumentException("expected whole numbers, got " + reals[i]);
            }
        }
        return out;
    }

    /** The values as float32, as the network's parameters hold them. */
    float[] asFloats() {
        double[] r = asReals();
        float[] out = new float[r.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) r[i];
        }
        return out;
    }

    /** The single value of a one-element tensor. */
    double scalar() {
        if (size() != 1) {
            throw new IllegalArgumentException("expected one value, got a tensor of shape " + Arrays.toString(dims));
        }
        return asReals()[0];
    }

    /** Whether any value is the batch-size stand-in. */
    boolean hasBatch() {
        return integer && Arrays.stream(ints).anyMatch(v -> v == BATCH);
    }

    /**
     * Reads a {@code TensorProto} (float, double, float16 not included; int64, int32, int8/16,
     * uint8/16, bool), raw or typed.
     *
     * @throws IllegalArgumentException naming the tensor if its type is not supported, its data
     *     is stored outside the file, or its data does not fit its dimensions
     */
    static ConstantTensor of(TensorProto t) {
        long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long count = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor '" + t.getName() + "' has a negative dimension " + Arrays.toString(dims));
            }
            count = Math.multiplyExact(count, d);
        }
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new IllegalArgumentException("tensor '" + t.getName()
                    + "' keeps its data in an external file, which Axiom does not read; save the model with its weights inside");
        }
        int n = Math.toIntExact(count);
        boolean raw = !t.getRawData().isEmpty();
        ByteBuffer bytes = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        TensorProto.DataType type = TensorProto.DataType.forNumber(t.getDataType());
        if (type == null) {
            throw new IllegalArgumentException("tensor '" + t.getName() + "' has unknown data type " + t.getDataType());
        }
        switch (type) {
            case FLOAT -> {
                double[] v = new double[n];
                requireCount(t, raw ? bytes.remaining() / 4 : t.getFloatDataCount(), n, raw ? bytes.remaining() % 4 : 0);
                for (int i = 0; i < n; i++) {
                    v[i] = raw ? bytes.getFloat() : t.getFloatData(i);
                }
                return ofReals(dims, v);
            }
            case DOUBLE -> {
                double[] v = new double[n];
                requireCount(t, raw ? bytes.remaining() / 8 : t.getDoubleDataCount(), n, raw ? bytes.remaining() % 8 : 0);
                for (int i = 0; i < n; i++) {
                    v[i] = raw ? bytes.getDouble() : t.getDoubleData(i);
                }
                return ofReals(dims, v);
            }
            case INT64 -> {
                long[] v = new long[n];
                requireCount(t, raw ? bytes.remaining() / 8 : t.getInt64DataCount(), n, raw ? bytes.remaining() % 8 : 0);
                for (int i = 0; i < n; i++) {
                    v[i] = raw ? bytes.getLong() : t.getInt64Data(i);
                }
                return ofInts(dims, v);
            }
            case INT32, INT16, INT8, UINT16, UINT8, BOOL -> {
                int width = switch (type) {
                    case INT32 -> 4;
                    case INT16, UINT16 -> 2;
                    default -> 1;
                };
                long[] v = new long[n];
                requireCount(t, raw ? bytes.remaining() / width : t.getInt32DataCount(), n, raw ? bytes.remaining() % width : 0);
                for (int i = 0; i < n; i++) {
                    v[i] = !raw ? t.getInt32Data(i) : switch (type) {
                        case INT32 -> bytes.getInt();
                        case INT16 -> bytes.getShort();
                        case UINT16 -> Short.toUnsignedInt(bytes.getShort());
                        case UINT8, BOOL -> Byte.toUnsignedInt(bytes.get());
                        default -> bytes.get();
                    };
                }
                return ofInts(dims, v);
            }
            default -> throw new IllegalArgumentException(
                    "tensor '" + t.getName() + "' has data type " + type + "; Axiom reads float, double and integer tensors");
        }
    }

    private static void requireCount(TensorProto t, long have, int want, long leftover) {
        if (have != want || leftover != 0) {
            throw new IllegalArgumentException("tensor '" + t.getName() + "' has " + have + " values for dimensions "
                    + t.getDimsList() + " (" + want + " expected)");
        }
    }

    @Override
    public String toString() {
        return "tensor" + Arrays.toString(dims);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConstantTensor t && integer == t.integer && Arrays.equals(dims, t.dims)
                && Arrays.equals(reals, t.reals) && Arrays.equals(ints, t.ints);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims) * 31 + (integer ? Arrays.hashCode(ints) : Arrays.hashCode(reals));
    }
}
