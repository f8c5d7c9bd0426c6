package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One layer's forward pass on one batch: its output and its rule for the input gradients.
 *
 * <p>{@link #inputGradients} computes {@code ∂S/∂input} for every input from {@code ∂S/∂output}
 * for any scalar {@code S} of the output, exactly as reverse-mode autograd would, but as ordinary
 * tensor operations that stay differentiable with respect to the parameters. It may be called more
 * than once (for example for several targets).
 */
public interface LayerPass {

    /** The layer's output for the batch. */
    NDArray output();

    /** Maps a gradient with respect to the output to the gradients with respect to each input. */
    List<NDArray> inputGradients(NDArray outputGradient);

    /** The gradient with respect to the first (for most layers, the only) input. */
    default NDArray inputGradient(NDArray outputGradient) {
        return inputGradients(outputGradient).get(0);
    }

    /** The pass of a one-input layer with output {@code y} and input-gradient rule {@code rule}. */
    static LayerPass unary(NDArray y, UnaryOperator<NDArray> rule) {
        return new LayerPass() {
            @Override
            public NDArray output() {
                return y;
            }

            @Override
            public List<NDArray> inputGradients(NDArray g) {
                return List.of(rule.apply(g));
            }

            @Override
            public NDArray inputGradient(NDArray g) {
                return rule.apply(g);
            }
        };
    }

    /** The pass of a layer with several inputs: {@code rule} gives one gradient per input. */
    static LayerPass of(NDArray y, Function<NDArray, List<NDArray>> rule) {
        return new LayerPass() {
            @Override
            public NDArray output() {
                return y;
            }

            @Override
            public List<NDArray> inputGradients(NDArray g) {
                return rule.apply(g);
            }
        };
    }
}
