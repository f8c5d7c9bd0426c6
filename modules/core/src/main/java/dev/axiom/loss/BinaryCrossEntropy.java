package dev.axiom.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * Binary cross-entropy with logits, summed over outputs:
 * {@code ℓ_i = Σ_j max(z, 0) − z y + log(1 + e^−|z|)}; {@code ∂ℓ_i/∂z_i = σ(z_i) − y_i}. Labels are
 * 0/1 targets of the output's shape.
 */
public final class BinaryCrossEntropy implements Loss {

    @Override
    public String name() {
        return "binary-cross-entropy";
    }

    @Override
    public NDArray perSample(NDArray output, NDArray labels) {
        NDArray y = LossLabels.targets(output, labels);
        // softplus(z) − z·y = max(z, 0) − z·y + log(1 + e^−|z|), with the engine's stable softplus
        return Activation.softPlus(output).sub(output.mul(y)).sum(new int[] {1});
    }

    @Override
    public NDArray outputGradient(NDArray output, NDArray labels) {
        return Activation.sigmoid(output).sub(LossLabels.targets(output, labels));
    }
}
