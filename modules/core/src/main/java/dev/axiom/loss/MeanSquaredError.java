package dev.axiom.loss;

import ai.djl.ndarray.NDArray;
import dev.axiom.tensor.Tensors;

/**
 * {@code ℓ_i = mean_j (z_ij − y_ij)²} (so the batch loss is PyTorch's {@code mse_loss});
 * {@code ∂ℓ_i/∂z_i = 2 (z_i − y_i) / outputs}.
 */
public final class MeanSquaredError implements Loss {

    @Override
    public String name() {
        return "mse";
    }

    @Override
    public NDArray perSample(NDArray output, NDArray labels) {
        return output.sub(LossLabels.targets(output, labels)).square().mean(new int[] {1});
    }

    @Override
    public NDArray outputGradient(NDArray output, NDArray labels) {
        long outputs = output.getShape().get(1);
        return Tensors.times(output.sub(LossLabels.targets(output, labels)), 2.0 / outputs);
    }
}
