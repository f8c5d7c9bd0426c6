package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The element-wise sum ({@code add}: residual connections) or product ({@code mul}: gating) of
 * several inputs, broadcast as NumPy does. Input-gradient rule: the output gradient (times the
 * product of the other inputs, for {@code mul}) summed over the axes broadcasting added to each
 * input.
 */
final class ElementwiseJoinLayer implements Layer {

    private final List<Shape> inputs;
    private final Shape output;
    private final boolean product;

    ElementwiseJoinLayer(List<Shape> inputs, boolean product, String where) {
        String kind = product ? "mul" : "add";
        if (inputs.size() < 2) {
            throw new IllegalArgumentException(where + " (" + kind + ") needs at least two inputs, got " + inputs.size());
        }
        this.inputs = List.copyOf(inputs);
        this.output = Broadcasting.of(inputs, where + " (" + kind + ")");
        this.product = product;
    }

    @Override
    public String kind() {
        return product ? "mul" : "add";
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
        List<NDArray> aligned = new ArrayList<>(xs.size());
        for (int i = 0; i < xs.size(); i++) {
            aligned.add(aligned(xs.get(i), inputs.get(i)));
        }
        NDArray y = aligned.get(0);
        for (int i = 1; i < aligned.size(); i++) {
            y = product ? y.mul(aligned.get(i)) : y.add(aligned.get(i));
        }
        return LayerPass.of(y, g -> {
            List<NDArray> gradients = new ArrayList<>(aligned.size());
            for (int i = 0; i < aligned.size(); i++) {
                NDArray gi = g;
                if (product) {
                    for (int j = 0; j < aligned.size(); j++) {
                        if (j != i) {
                            gi = gi.mul(aligned.get(j));
                        }
                    }
                }
                gradients.add(Broadcasting.sumTo(gi, aligned.get(i).getShape().slice(1))
                        .reshape(xs.get(i).getShape()));
            }
            return gradients;
        });
    }

    /** A batch of lower per-sample rank than the output, with length-1 axes after its batch axis. */
    private NDArray aligned(NDArray x, Shape sample) {
        int missing = output.dimension() - sample.dimension();
        if (missing == 0) {
            return x;
        }
        Shape s = new Shape(x.getShape().get(0));
        for (int i = 0; i < missing; i++) {
            s = s.add(1);
        }
        return x.reshape(s.addAll(sample));
    }
}
