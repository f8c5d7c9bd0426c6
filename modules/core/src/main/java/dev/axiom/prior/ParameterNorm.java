package dev.axiom.prior;

import ai.djl.ndarray.NDArray;
import dev.axiom.nn.Parameter;
import java.util.List;

/**
 * Parameter penalties, the non-attribution baselines: {@code Σ |W|} (L1) or {@code Σ W²} (L2) over
 * the weights (not biases) of all layers or of the first layer only.
 */
public final class ParameterNorm implements Prior {

    /** Which weights are penalised. */
    public enum Scope {
        /** The weights of every linear and convolutional layer. */
        ALL_LAYERS,
        /** The weights of the first layer that has any. */
        FIRST_LAYER
    }

    private final boolean squared;
    private final Scope scope;

    /** L1 ({@code squared = false}) or squared L2 on the weights in {@code scope}. */
    public ParameterNorm(boolean squared, Scope scope) {
        this.squared = squared;
        this.scope = scope;
    }

    @Override
    public NDArray penalty(NDArray attributions, PriorContext context) {
        List<Parameter> weights = weights(context.network().parameters(), scope);
        NDArray total = null;
        for (Parameter w : weights) {
            NDArray a = w.array();
            NDArray term = (squared ? a.square() : a.abs()).sum();
            total = total == null ? term : total.add(term);
        }
        if (total == null) {
            throw new IllegalStateException("the network has no weights to penalise");
        }
        return total;
    }

    static List<Parameter> weights(List<Parameter> parameters, Scope scope) {
        List<Parameter> weights =
                parameters.stream().filter(p -> p.role() == Parameter.Role.WEIGHT).toList();
        if (scope == Scope.FIRST_LAYER && !weights.isEmpty()) {
            return List.of(weights.get(0));
        }
        return weights;
    }

    @Override
    public boolean needsAttributions() {
        return false;
    }

    @Override
    public String describe() {
        String layers = scope == Scope.ALL_LAYERS ? "all-layers" : "first-layer";
        return (squared ? "weight-l2(" : "weight-l1(") + layers + ")";
    }
}
