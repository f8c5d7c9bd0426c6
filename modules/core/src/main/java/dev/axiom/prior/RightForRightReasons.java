package dev.axiom.prior;

import ai.djl.ndarray.NDArray;
import dev.axiom.tensor.Checks;
import dev.axiom.tensor.Tensors;

/**
 * Right for the right reasons (Ross et al.): {@code mean_ℓ ‖A^ℓ ⊙ φ^ℓ‖²} with a per-sample binary
 * mask {@code A} (from {@link PriorContext#mask()}) marking the features that must not matter.
 */
public final class RightForRightReasons implements Prior {

    @Override
    public NDArray penalty(NDArray attributions, PriorContext context) {
        NDArray mask = context.mask();
        if (mask == null) {
            throw new IllegalArgumentException(
                    "the right-for-the-right-reasons prior needs a mask in the prior context");
        }
        Checks.requireShape("right-for-the-right-reasons mask", mask, attributions.getShape());
        long n = attributions.getShape().get(0);
        return Tensors.over(attributions.mul(mask.toType(attributions.getDataType(), false)).square().sum(), n);
    }

    @Override
    public String describe() {
        return "right-for-the-right-reasons";
    }
}
