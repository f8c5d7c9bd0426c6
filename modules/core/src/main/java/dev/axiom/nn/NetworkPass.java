package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import dev.axiom.tensor.Checks;
import java.util.List;

/**
 * A forward pass of a whole network on one batch: its output and the attribution head, the chain
 * of the layers' input-gradient rules in reverse order.
 */
public final class NetworkPass {

    private final NDArray input;
    private final List<LayerPass> passes;

    NetworkPass(NDArray input, List<LayerPass> passes) {
        this.input = input;
        this.passes = List.copyOf(passes);
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
        NDArray g = outputGradient;
        for (int i = passes.size() - 1; i >= 0; i--) {
            g = passes.get(i).inputGradient(g);
        }
        return g;
    }
}
