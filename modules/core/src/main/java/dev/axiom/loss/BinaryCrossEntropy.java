package dev.axiom.loss;

import ai.djl.ndarray.NDArray;

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
        NDArray value =
                output.maximum(0).sub(output.mul(y)).add(output.abs().neg().exp().add(1).log());
        return value.sum(new int[] {1});
    }

    @Override
    public NDArray outputGradient(NDArray output, NDArray labels) {
        return ai.djl.nn.Activation.sigmoid(output).sub(LossLabels.targets(output, labels));
    }
}
