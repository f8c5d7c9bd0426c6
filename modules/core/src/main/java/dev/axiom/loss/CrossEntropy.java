package dev.axiom.loss;

import ai.djl.ndarray.NDArray;

/**
 * {@code ℓ_i = −log softmax(z_i)[y_i]}; {@code ∂ℓ_i/∂z_i = softmax(z_i) − onehot(y_i)}. Labels are
 * class indices {@code (N)}.
 */
public final class CrossEntropy implements Loss {

    @Override
    public String name() {
        return "cross-entropy";
    }

    @Override
    public NDArray perSample(NDArray output, NDArray labels) {
        return output.logSoftmax(1).mul(LossLabels.oneHot(output, labels)).sum(new int[] {1}).neg();
    }

    @Override
    public NDArray outputGradient(NDArray output, NDArray labels) {
        return output.softmax(1).sub(LossLabels.oneHot(output, labels));
    }
}
