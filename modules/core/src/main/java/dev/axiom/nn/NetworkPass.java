package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import dev.axiom.tensor.Checks;
import java.util.List;

/**
 * A forward pass of a whole network on one batch: its output and the attribution head, every
 * node's input-gradient rule in reverse topological order, the gradients of a tensor read by
 * several nodes summed.
 */
public final class NetworkPass {

    private final NDArray input;
    private final List<LayerPass> passes;
    private final int[][] inputs;

    NetworkPass(NDArray input, List<LayerPass> passes, int[][] inputs) {
        this.input = input;
        this.passes = List.copyOf(passes);
        this.inputs = inputs;
    }

    /** The batch the pass ran on. */
    public NDArray input() {
        return input;
    }

    /** The network's output {@code (N, outputs)}. */
    public NDArray output() {
        return passes.get(passes.size() - 1).output();
    }

    /**
     * The attribution head: {@code ∂S/∂input} for the scalar {@code S} whose gradient with respect
     * to the output is {@code outputGradient} (shape {@code (N, outputs)}). The result is an
     * ordinary differentiable function of the parameters.
     */
    public NDArray inputGradient(NDArray outputGradient) {
        Checks.requireShape("output gradient", outputGradient, output().getShape());
        NDArray[] gradients = new NDArray[passes.size() + 1]; // 0: the input, k + 1: node k
        gradients[passes.size()] = outputGradient;
        for (int k = passes.size() - 1; k >= 0; k--) {
            NDArray g = gradients[k + 1];
            gradients[k + 1] = null;
            int[] from = inputs[k];
            if (from.length == 1) {
                gradients[from[0]] = sum(gradients[from[0]], passes.get(k).inputGradient(g));
                continue;
            }
            List<NDArray> parts = passes.get(k).inputGradients(g);
            for (int j = 0; j < from.length; j++) {
                gradients[from[j]] = sum(gradients[from[j]], parts.get(j));
            }
        }
        return gradients[0];
    }

    /** Gradients of a tensor that fans out add up. */
    private static NDArray sum(NDArray sofar, NDArray more) {
        return sofar == null ? more : sofar.add(more);
    }
}
