package dev.axiom.attribution;

import ai.djl.ndarray.NDArray;
import dev.axiom.nn.Network;

/** Gradient × input: {@code φ = x ⊙ ∂S/∂x}. */
public final class GradientTimesInput implements AttributionMethod {

    @Override
    public NDArray attribute(
            Network network, NDArray x, NDArray labels, Target target, AttributionContext context) {
        return x.mul(InputGradient.gradient(network, x, labels, target, context));
    }

    @Override
    public String describe() {
        return "gradient-x-input";
    }
}
