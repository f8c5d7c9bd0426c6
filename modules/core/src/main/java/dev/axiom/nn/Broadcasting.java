package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/** NumPy broadcasting of per-sample shapes, and its adjoint: summing a gradient back to an operand's shape. */
final class Broadcasting {

    private Broadcasting() {}

    /** The broadcast of {@code shapes} (aligned at their last axes), or an error naming {@code where}. */
    static Shape of(List<Shape> shapes, String where) {
        int rank = shapes.stream().mapToInt(Shape::dimension).max().orElse(0);
        long[] out = new long[rank];
        java.util.Arrays.fill(out, 1);
        for (Shape s : shapes) {
            for (int i = 0; i < s.dimension(); i++) {
                int at = rank - s.dimension() + i;
                long d = s.get(i);
                if (out[at] == 1) {
                    out[at] = d;
                } else if (d != 1 && d != out[at]) {
                    throw new IllegalArgumentException(where + ": shapes " + shapes + " do not broadcast together");
                }
            }
        }
        return new Shape(out);
    }

    /**
     * The per-sample shape a constant of shape {@code constant} contributes when broadcast against
     * batches: a constant with more axes than a sample has its first axis stand for the batch axis.
     */
    static Shape perSample(Shape constant, Shape sample) {
        return constant.dimension() > sample.dimension() ? constant.slice(1) : constant;
    }

    /** Sums {@code g} (a batch) over the axes that broadcasting added to a batch of per-sample shape {@code sample}. */
    static NDArray sumTo(NDArray g, Shape sample) {
        Shape target = new Shape(g.getShape().get(0)).addAll(sample);
        if (g.getShape().equals(target)) {
            return g;
        }
        NDArray out = g;
        int extra = g.getShape().dimension() - target.dimension();
        if (extra > 0) {
            // axes 1..extra of g have no counterpart in the operand: sum them away
            int[] axes = new int[extra];
            for (int i = 0; i < extra; i++) {
                axes[i] = 1 + i;
            }
            out = out.sum(axes);
        }
        List<Integer> ones = new ArrayList<>();
        for (int i = 1; i < target.dimension(); i++) {
            if (target.get(i) == 1 && out.getShape().get(i) != 1) {
                ones.add(i);
            }
        }
        if (!ones.isEmpty()) {
            out = out.sum(ones.stream().mapToInt(Integer::intValue).toArray(), true);
        }
        return out.reshape(target);
    }
}
