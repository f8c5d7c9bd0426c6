package dev.axiom.attribution;

import ai.djl.ndarray.NDArray;
import dev.axiom.nn.Network;
import dev.axiom.nn.NetworkPass;

/** Input gradients (saliency): {@code φ = ∂S/∂x}. */
public final class InputGradient implements AttributionMethod {

    @Override
    public NDArray attribute(
            Network network, NDArray x, NDArray labels, Target target, AttributionContext context) {
        return gradient(network, x, labels, target, context);
    }

    /** {@code ∂S/∂x}, reusing the context's shared pass when it ran on {@code x}. */
    static NDArray gradient(
            Network network, NDArray x, NDArray labels, Target target, AttributionContext context) {
        NetworkPass pass =
                context.sharedPass() != null && context.sharedPass().input() == x
                        ? context.sharedPass()
                        : network.forward(x, context.mode());
        return pass.inputGradient(target.outputGradient(pass.output(), labels));
    }

    @Override
    public String describe() {
        return "gradients";
    }
}
