package dev.axiom.prior;

import ai.djl.ndarray.NDArray;
import dev.axiom.nn.Parameter;
import dev.axiom.tensor.Tensors;

/**
 * Sparse group lasso on the first layer's weights (Simon et al. 2013, as used for sparse-input
 * networks): {@code α Σ|W| + (1 − α) Σ_g √p_g ‖W_g‖₂}, one group per input feature (a column of the
 * first linear layer's {@code (units, inputs)} weight matrix, of size {@code p_g = units}). The
 * group norm is {@code √(Σ W² + 10⁻¹²)}, smooth at 0.
 */
public final class SparseGroupLasso implements Prior {

    private final double alpha;

    /** SGL with mixing {@code alpha ∈ [0, 1]} (1: lasso, 0: group lasso). */
    public SparseGroupLasso(double alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("sparse group lasso alpha must be in [0, 1], got " + alpha);
        }
        this.alpha = alpha;
    }

    @Override
    public NDArray penalty(NDArray attributions, PriorContext context) {
        java.util.List<Parameter> weights =
                ParameterNorm.weights(context.network().parameters(), ParameterNorm.Scope.FIRST_LAYER);
        if (weights.isEmpty()) {
            throw new IllegalStateException("the network has no weights to penalise with sparse group lasso");
        }
        Parameter first = weights.get(0);
        NDArray w = first.array();
        if (w.getShape().dimension() != 2) {
            throw new IllegalArgumentException(
                    "sparse group lasso needs a linear first layer, got weights of shape " + w.getShape());
        }
        long units = w.getShape().get(0);
        NDArray lasso = w.abs().sum();
        NDArray groups =
                Tensors.times(Tensors.plus(w.square().sum(new int[] {0}), 1e-12).sqrt().sum(), Math.sqrt(units));
        return Tensors.times(lasso, alpha).add(Tensors.times(groups, 1 - alpha));
    }

    @Override
    public boolean needsAttributions() {
        return false;
    }

    @Override
    public String describe() {
        return "sparse-group-lasso(alpha=" + alpha + ")";
    }
}
