package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Concatenation along a per-sample axis (channels of images, features of vectors).
 * Input-gradient rule: the output gradient cut back into the inputs' slices.
 */
final class ConcatLayer implements Layer {

    private final List<Shape> inputs;
    private final int axis;
    private final Shape output;

    ConcatLayer(List<Shape> inputs, int axis, String where) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException(where + " (concat) needs at least one input");
        }
        Shape first = inputs.get(0);
        if (axis >= first.dimension()) {
            throw new IllegalArgumentException(where + " (concat) axis " + axis + " is beyond the per-sample shape " + first);
        }
        long total = 0;
        for (Shape s : inputs) {
            boolean fits = s.dimension() == first.dimension();
            for (int i = 0; fits && i < s.dimension(); i++) {
                fits = i == axis || s.get(i) == first.get(i);
            }
            if (!fits) {
                throw new IllegalArgumentException(where + " (concat) along per-sample axis " + axis
                        + " needs inputs that differ only on that axis, got " + inputs);
            }
            total += s.get(axis);
        }
        long[] out = first.getShape().clone();
        out[axis] = total;
        this.inputs = List.copyOf(inputs);
        this.axis = axis;
        this.output = new Shape(out);
    }

    @Override
    public String kind() {
        return "concat";
    }

    @Override
    public List<Shape> inputShapes() {
        return inputs;
    }

    @Override
    public Shape outputShape() {
        return output;
    }

    @Override
    public LayerPass forward(List<NDArray> xs, ForwardMode mode) {
        NDArray y = xs.size() == 1 ? xs.get(0) : ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(xs), axis + 1);
        return LayerPass.of(y, g -> {
            List<NDArray> parts = new ArrayList<>(inputs.size());
            long from = 0;
            for (Shape s : inputs) {
                long to = from + s.get(axis);
                parts.add(g.get(slice(from, to)));
                from = to;
            }
            return parts;
        });
    }

    private NDIndex slice(long from, long to) {
        StringBuilder index = new StringBuilder(":");
        for (int i = 0; i < axis; i++) {
            index.append(", :");
        }
        return new NDIndex(index + ", " + from + ":" + to);
    }
}
