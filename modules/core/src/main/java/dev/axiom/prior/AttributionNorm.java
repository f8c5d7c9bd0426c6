package dev.axiom.prior;

import ai.djl.ndarray.NDArray;
import dev.axiom.tensor.Tensors;

/** {@code mean_ℓ Σ_i |φ_i^ℓ|} (L1) or {@code mean_ℓ Σ_i (φ_i^ℓ)²} (L2) of the attributions. */
public final class AttributionNorm implements Prior {

    private final boolean squared;

    /** The L1 ({@code squared = false}) or squared-L2 norm. */
    public AttributionNorm(boolean squared) {
        this.squared = squared;
    }

    @Override
    public NDArray penalty(NDArray attributions, PriorContext context) {
        long n = attributions.getShape().get(0);
        NDArray magnitude = squared ? attributions.square() : attributions.abs();
        return Tensors.over(magnitude.sum(), n);
    }

    @Override
    public String describe() {
        return squared ? "attribution-l2" : "attribution-l1";
    }
}
