package dev.axiom.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.axiom.nn.Parameter;
import dev.axiom.tensor.Autograd;
import java.util.List;

/**
 * SGD with momentum, as PyTorch's {@code SGD} (dampening 0): {@code b ← μb + g} (b = g on the
 * first update), {@code θ ← θ − lr·b}, or {@code θ ← θ − lr(g + μb)} with Nesterov momentum;
 * optional L2 weight decay added to the gradient.
 */
public final class Sgd implements Optimizer {

    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;
    private final Slots slots = new Slots();
    private long updates;

    /** SGD with the given momentum ({@code 0} for plain SGD). */
    public Sgd(double momentum, boolean nesterov, double weightDecay) {
        if (momentum < 0 || momentum >= 1) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
    }

    @Override
    public void step(List<Parameter> parameters, List<NDArray> gradients, double learningRate) {
        boolean first = updates == 0;
        updates++;
        Autograd.notRecording(
                () -> {
                    for (int i = 0; i < parameters.size(); i++) {
                        Parameter p = parameters.get(i);
                        try (NDScope scope = new NDScope()) {
                            NDArray g = gradients.get(i);
                            if (weightDecay != 0) {
                                g = g.add(p.array().mul(weightDecay));
                            }
                            NDArray update = g;
                            if (momentum > 0) {
                                NDArray buffer = slots.get(p, "momentum");
                                if (first) {
                                    buffer.addi(g);
                                } else {
                                    buffer.muli(momentum).addi(g);
                                }
                                update = nesterov ? g.add(buffer.mul(momentum)) : buffer;
                            }
                            p.array().subi(update.mul(learningRate));
                        }
                    }
                });
    }

    @Override
    public OptimizerState state() {
        return new OptimizerState("sgd", updates, slots.export());
    }

    @Override
    public void restore(OptimizerState state) {
        if (!state.kind().equals("sgd")) {
            throw new IllegalArgumentException(
                    "cannot restore an SGD optimiser from a '" + state.kind() + "' state");
        }
        updates = state.updates();
        slots.restore(state.slots());
    }

    @Override
    public void close() {
        slots.close();
    }
}
