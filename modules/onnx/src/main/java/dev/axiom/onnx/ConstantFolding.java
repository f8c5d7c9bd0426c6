package dev.axiom.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * The operators of constant subgraphs, evaluated at import: the shape arithmetic PyTorch's
 * exporter writes around a {@code view} or {@code flatten} ({@code Shape}, {@code Gather},
 * {@code Unsqueeze}, {@code Concat}, ...) and arithmetic on constants. Integer results keep the
 * batch-size stand-in {@link ConstantTensor#BATCH} where it is only copied; arithmetic on it is
 * refused (the network's shapes must be static but for the batch axis).
 */
final class ConstantFolding {

    private ConstantFolding() {}

    /** {@code Gather} along {@code axis} (negative indices count from the end). */
    static ConstantTensor gather(ConstantTensor data, ConstantTensor indices, int axis) {
        long[] dims = data.dims();
        int a = normalize(axis, dims.length);
        long[] index = indices.asLongs();
        long outer = product(dims, 0, a);
        long inner = product(dims, a + 1, dims.length);
        long[] outDims = concat(Arrays.copyOfRange(dims, 0, a), indices.dims(), Arrays.copyOfRange(dims, a + 1, dims.length));
        int n = Math.toIntExact(outer * index.length * inner);
        long[] ints = data.integer() ? new long[n] : null;
        double[] reals = data.integer() ? null : new double[n];
        int at = 0;
        for (long o = 0; o < outer; o++) {
            for (long i : index) {
                long j = i < 0 ? i + dims[a] : i;
                if (j < 0 || j >= dims[a]) {
                    throw new IllegalArgumentException("gather index " + i + " is outside an axis of length " + dims[a]);
                }
                for (long k = 0; k < inner; k++) {
                    int from = Math.toIntExact((o * dims[a] + j) * inner + k);
                    if (ints != null) {
                        ints[at++] = data.ints()[from];
                    } else {
                        reals[at++] = data.reals()[from];
                    }
                }
            }
        }
        return new ConstantTensor(outDims, data.integer(), reals, ints);
    }

    /** {@code Unsqueeze}: new axes of length 1 at {@code axes} (of the result). */
    static ConstantTensor unsqueeze(ConstantTensor t, long[] axes) {
        int rank = t.dims().length + axes.length;
        boolean[] added = new boolean[rank];
        for (long a : axes) {
            added[normalize((int) a, rank)] = true;
        }
        long[] dims = new long[rank];
        int from = 0;
        for (int i = 0; i < rank; i++) {
            dims[i] = added[i] ? 1 : t.dims()[from++];
        }
        return reshaped(t, dims);
    }

    /** {@code Squeeze}: removes the given axes (all of length 1 if none are given). */
    static ConstantTensor squeeze(ConstantTensor t, long[] axes) {
        List<Long> dims = new ArrayList<>();
        for (int i = 0; i < t.dims().length; i++) {
            int axis = i;
            boolean named = axes == null ? t.dims()[i] == 1
                    : Arrays.stream(axes).anyMatch(a -> normalize((int) a, t.dims().length) == axis);
            if (!named) {
                dims.add(t.dims()[i]);
            }
        }
        return reshaped(t, dims.stream().mapToLong(Long::longValue).toArray());
    }

    static ConstantTensor reshaped(ConstantTensor t, long[] dims) {
        return new ConstantTensor(dims, t.integer(), t.reals(), t.ints());
    }

    /** {@code Concat} along {@code axis}. */
    static ConstantTensor concat(List<ConstantTensor> parts, int axis) {
        ConstantTensor first = parts.get(0);
        int a = normalize(axis, first.dims().length);
        boolean integer = parts.stream().allMatch(ConstantTensor::integer);
        long outer = product(first.dims(), 0, a);
        long[] dims = first.dims().clone();
        dims[a] = parts.stream().mapToLong(p -> p.dims()[a]).sum();
        List<Double> reals = new ArrayList<>();
        List<Long> ints = new ArrayList<>();
        for (long o = 0; o < outer; o++) {
            for (ConstantTensor p : parts) {
                long block = product(p.dims(), a, p.dims().length);
                for (long k = 0; k < block; k++) {
                    int from = Math.toIntExact(o * block + k);
                    if (integer) {
                        ints.add(p.ints()[from]);
                    } else {
                        reals.add(p.asReals()[from]);
                    }
                }
            }
        }
        return integer
                ? ConstantTensor.ofInts(dims, ints.stream().mapToLong(Long::longValue).toArray())
                : ConstantTensor.ofReals(dims, reals.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** {@code Slice}: along each named axis, {@code start:end:step} as Python slices clamp them. */
    static ConstantTensor slice(ConstantTensor t, long[] starts, long[] ends, long[] axes, long[] steps) {
        ConstantTensor out = t;
        for (int s = 0; s < starts.length; s++) {
            int axis = normalize(axes == null ? s : (int) axes[s], t.dims().length);
            long step = steps == null ? 1 : steps[s];
            if (step == 0) {
                throw new IllegalArgumentException("a Slice step cannot be 0");
            }
            long length = out.dims()[axis];
            long from = starts[s] < 0 ? starts[s] + length : starts[s];
            long to = ends[s] < 0 ? ends[s] + length : ends[s];
            from = step > 0 ? Math.max(0, Math.min(from, length)) : Math.max(-1, Math.min(from, length - 1));
            to = step > 0 ? Math.max(0, Math.min(to, length)) : Math.max(-1, Math.min(to, length - 1));
            List<Long> keep = new ArrayList<>();
            for (long i = from; step > 0 ? i < to : i > to; i += step) {
                keep.add(i);
            }
            out = gather(out, ConstantTensor.vector(keep.stream().mapToLong(Long::longValue).toArray()), axis);
        }
        return out;
    }

    /** An element-wise binary operation with NumPy broadcasting. */
    static ConstantTensor binary(ConstantTensor a, ConstantTensor b, String op) {
        long[] dims = broadcast(a.dims(), b.dims());
        int n = Math.toIntExact(product(dims, 0, dims.length));
        boolean integer = a.integer() && b.integer();
        if (integer && (a.hasBatch() || b.hasBatch()) && !op.equals("Mul")) {
            throw new IllegalArgumentException("arithmetic on the batch size (" + op + ") cannot be made static");
        }
        if (integer) {
            LongBinaryOperator f = switch (op) {
                case "Add" -> Math::addExact;
                case "Sub" -> Math::subtractExact;
                case "Mul" -> (x, y) -> {
                    if (x == ConstantTensor.BATCH || y == ConstantTensor.BATCH) {
                        throw new IllegalArgumentException("arithmetic on the batch size (Mul) cannot be made static");
                    }
                    return Math.multiplyExact(x, y);
                };
                case "Div" -> Math::floorDiv;
                default -> throw new IllegalArgumentException("cannot fold " + op);
            };
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = f.applyAsLong(a.ints()[source(i, dims, a.dims())], b.ints()[source(i, dims, b.dims())]);
            }
            return ConstantTensor.ofInts(dims, out);
        }
        DoubleBinaryOperator f = switch (op) {
            case "Add" -> Double::sum;
            case "Sub" -> (x, y) -> x - y;
            case "Mul" -> (x, y) -> x * y;
            case "Div" -> (x, y) -> x / y;
            default -> throw new IllegalArgumentException("cannot fold " + op);
        };
        double[] ra = a.asReals();
        double[] rb = b.asReals();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = f.applyAsDouble(ra[source(i, dims, a.dims())], rb[source(i, dims, b.dims())]);
        }
        return ConstantTensor.ofReals(dims, out);
    }

    /** {@code Cast} to integers ({@code integer}) or reals. */
    static ConstantTensor cast(ConstantTensor t, boolean integer) {
        if (integer == t.integer()) {
            return t;
        }
        if (integer) {
            return ConstantTensor.ofInts(t.dims(), Arrays.stream(t.reals()).mapToLong(v -> (long) v).toArray());
        }
        if (t.hasBatch()) {
            throw new IllegalArgumentException("the batch size cannot be cast to a real number statically");
        }
        return ConstantTensor.ofReals(t.dims(), t.asReals());
    }

    /** {@code ConstantOfShape}. */
    static ConstantTensor filled(long[] dims, ConstantTensor value) {
        int n = Math.toIntExact(product(dims, 0, dims.length));
        if (value.integer()) {
            long[] v = new long[n];
            Arrays.fill(v, value.ints()[0]);
            return ConstantTensor.ofInts(dims, v);
        }
        double[] v = new double[n];
        Arrays.fill(v, value.reals()[0]);
        return ConstantTensor.ofReals(dims, v);
    }

    static long[] broadcast(long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            long da = i - (rank - a.length) >= 0 ? a[i - (rank - a.length)] : 1;
            long db = i - (rank - b.length) >= 0 ? b[i - (rank - b.length)] : 1;
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** The flat index in a tensor of dims {@code from} that element {@code i} of a broadcast result of dims {@code dims} reads. */
    private static int source(int i, long[] dims, long[] from) {
        long index = 0;
        long rest = i;
        long stride = 1;
        for (int d = dims.length - 1; d >= 0; d--) {
            long coordinate = rest % dims[d];
            rest /= dims[d];
            int fd = d - (dims.length - from.length);
            if (fd >= 0) {
                if (from[fd] != 1) {
                    index += coordinate * stride;
                }
                stride *= from[fd];
            }
        }
        return Math.toIntExact(index);
    }

    static int normalize(int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException("axis " + axis + " is outside a tensor of rank " + rank);
        }
        return a;
    }

    static long product(long[] dims, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            p *= dims[i];
        }
        return p;
    }

    private static long[] concat(long[]... parts) {
        return Arrays.stream(parts).flatMapToLong(Arrays::stream).toArray();
    }
}
