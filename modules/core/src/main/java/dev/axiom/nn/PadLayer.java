package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/** Constant padding of each sample. Input-gradient rule: the output gradient with the padding cut off. */
final class PadLayer extends UnaryLayer {

    private final Shape input;
    private final Shape output;
    private final LayerSpec.Pad spec;

    PadLayer(Shape input, LayerSpec.Pad spec, String where) {
        if (spec.before().size() != input.dimension()) {
            throw new IllegalArgumentException(where + " (pad) has amounts for " + spec.before().size()
                    + " axes but samples have " + input.dimension() + " " + input);
        }
        long[] out = input.getShape().clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += spec.before().get(i) + spec.after().get(i);
        }
        this.input = input;
        this.output = new Shape(out);
        this.spec = spec;
    }

    @Override
    public String kind() {
        return "pad";
    }

    @Override
    public Shape inputShape() {
        return input;
    }

    @Override
    public Shape outputShape() {
        return output;
    }

    @Override
    public LayerPass forward(NDArray x, ForwardMode mode) {
        int axes = input.dimension();
        long[] amounts = new long[2 * axes]; // the engine's order: last axis first, (before, after) each
        for (int i = 0; i < axes; i++) {
            amounts[2 * i] = spec.before().get(axes - 1 - i);
            amounts[2 * i + 1] = spec.after().get(axes - 1 - i);
        }
        NDArray y = x.pad(new Shape(amounts), spec.value());
        StringBuilder index = new StringBuilder(":");
        for (int i = 0; i < axes; i++) {
            index.append(", ").append(spec.before().get(i)).append(':').append(spec.before().get(i) + input.get(i));
        }
        NDIndex inside = new NDIndex(index.toString());
        return LayerPass.unary(y, g -> g.get(inside));
    }
}
