package dev.axiom.train;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.axiom.nn.Parameter;
import dev.axiom.tensor.Autograd;
import java.util.List;

/**
 * Adam, with PyTorch's update: {@code m ← β₁m + (1−β₁)g}, {@code v ← β₂v + (1−β₂)g²},
 * {@code θ ← θ − (lr / (1−β₁ᵗ)) m / (√v / √(1−β₂ᵗ) + ε)}; optional L2 weight decay added to the
 * gradient. Runs the engine's fused per-parameter update (one native call per parameter).
 */
public final class Adam implements Optimizer {

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final Slots slots = new Slots();
    private long updates;

    /** Adam with the given constants. */
    public Adam(double beta1, double beta2, double epsilon, double weightDecay) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
    }

    @Override
    public void step(List<Parameter> parameters, List<NDArray> gradients, double learningRate) {
        updates++;
        double correction1 = 1 - Math.pow(beta1, updates);
        double correction2 = Math.sqrt(1 - Math.pow(beta2, updates));
        // The engine's fused update computes θ ← θ − r·m/(√v + e); with r = lr·√(1−β₂ᵗ)/(1−β₁ᵗ)
        // and e = ε·√(1−β₂ᵗ) this is exactly PyTorch's (lr/(1−β₁ᵗ))·m/(√v/√(1−β₂ᵗ) + ε).
        float rate = (float) (learningRate * correction2 / correction1);
        float eps = (float) (epsilon * correction2);
        Autograd.notRecording(
                () -> {
                    for (int i = 0; i < parameters.size(); i++) {
                        Parameter p = parameters.get(i);
                        JniUtils.adamUpdate(
                                (PtNDArray) p.array(),
                                (PtNDArray) gradients.get(i),
                                (PtNDArray) slots.get(p, "m"),
                                (PtNDArray) slots.get(p, "v"),
                                (float) learningRate,
                                rate,
                                (float) weightDecay,
                                1f,
                                -1f,
                                (float) beta1,
                                (float) beta2,
                                eps,
                                false);
                    }
                });
    }

    @Override
    public OptimizerState state() {
        return new OptimizerState("adam", updates, slots.export());
    }

    @Override
    public void restore(OptimizerState state) {
        if (!state.kind().equals("adam")) {
            throw new IllegalArgumentException(
                    "cannot restore an Adam optimiser from a '" + state.kind() + "' state");
        }
        updates = state.updates();
        slots.restore(state.slots());
    }

    @Override
    public void close() {
        slots.close();
    }
}
