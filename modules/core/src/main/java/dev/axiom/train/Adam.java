package dev.axiom.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.axiom.nn.Parameter;
import dev.axiom.tensor.Autograd;
import dev.axiom.tensor.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Adam, with PyTorch's update: {@code m ← β₁m + (1−β₁)g}, {@code v ← β₂v + (1−β₂)g²},
 * {@code θ ← θ − (lr / (1−β₁ᵗ)) m / (√v / √(1−β₂ᵗ) + ε)}; optional L2 weight decay added to the
 * gradient. The update runs as PyTorch's fused kernel where the engine has it
 * ({@link FusedAdamKernel}: one pass per parameter), else as element-wise operations. The gradients
 * passed to {@link #step} are used as scratch space and overwritten.
 */
public final class Adam implements Optimizer {

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final Slots slots = new Slots();
    private final boolean fused;
    private long updates;

    /** Adam with the given constants. */
    public Adam(double beta1, double beta2, double epsilon, double weightDecay) {
        this(beta1, beta2, epsilon, weightDecay, true);
    }

    /** Adam that may ({@code fused}) or may not use the fused kernel, for comparing the two. */
    Adam(double beta1, double beta2, double epsilon, double weightDecay, boolean fused) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.fused = fused;
    }

    @Override
    public void step(List<Parameter> parameters, List<NDArray> gradients, double learningRate) {
        updates++;
        if (parameters.isEmpty()) {
            return;
        }
        Optional<FusedAdamKernel> kernel = fused ? FusedAdamKernel.get() : Optional.empty();
        if (kernel.isPresent()) {
            List<NDArray> weights = parameters.stream().map(Parameter::array).toList();
            List<NDArray> m = parameters.stream().map(p -> slots.get(p, "m")).toList();
            List<NDArray> v = parameters.stream().map(p -> slots.get(p, "v")).toList();
            List<NDArray> all = new ArrayList<>(weights);
            all.addAll(gradients);
            all.addAll(m);
            all.addAll(v);
            if (FusedAdamKernel.supports(all)) {
                Autograd.notRecording(() -> kernel.get().update(
                        weights, gradients, m, v, updates, learningRate, beta1, beta2, weightDecay, epsilon));
                return;
            }
        }
        double correction1 = 1 - Math.pow(beta1, updates);
        double correction2 = Math.sqrt(1 - Math.pow(beta2, updates));
        Autograd.notRecording(
                () -> {
                    for (int i = 0; i < parameters.size(); i++) {
                        Parameter p = parameters.get(i);
                        NDArray g = gradients.get(i);
                        NDArray w = p.array();
                        if (weightDecay != 0) {
                            g.addi(Tensors.times(w, weightDecay));
                        }
                        NDArray m = slots.get(p, "m");
                        NDArray v = slots.get(p, "v");
                        // In place where the engine is fast, the gradient used as scratch: large
                        // temporaries (and pow) cost more than plain arithmetic here.
                        m.muli(scalar(m, beta1 / (1 - beta1))).addi(g).muli(scalar(m, 1 - beta1));
                        g.muli(g);
                        v.muli(scalar(v, beta2 / (1 - beta2))).addi(g).muli(scalar(v, 1 - beta2));
                        try (NDScope scope = new NDScope()) {
                            NDArray denominator =
                                    v.sqrt().divi(scalar(v, correction2)).addi(scalar(v, epsilon));
                            w.subi(m.div(denominator).muli(scalar(w, learningRate / correction1)));
                        }
                    }
                });
    }

    /** {@code v} in {@code like}'s precision (a double would promote a float32 0-dim operand). */
    static Number scalar(NDArray like, double v) {
        return like.getDataType() == ai.djl.ndarray.types.DataType.FLOAT64 ? (Number) v : (Number) (float) v;
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
