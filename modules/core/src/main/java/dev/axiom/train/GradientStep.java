package dev.axiom.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.axiom.attribution.AttributionContext;
import dev.axiom.data.Batch;
import dev.axiom.attribution.AttributionMethod;
import dev.axiom.attribution.Target;
import dev.axiom.nn.ForwardMode;
import dev.axiom.nn.Network;
import dev.axiom.nn.NetworkPass;
import dev.axiom.prior.GlobalImportance;
import dev.axiom.prior.PriorContext;
import dev.axiom.robust.RobustTraining;
import dev.axiom.tensor.Autograd;
import dev.axiom.tensor.NonFiniteValueException;
import dev.axiom.tensor.Rng;
import dev.axiom.tensor.Tensors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One exact gradient of {@code L + Σ λ_t Ω_t(Φ_t)} for a batch: a training forward pass, the
 * attributions each penalty needs (through the attribution head, so they are ordinary functions of
 * the parameters), the penalties, and one ordinary backward pass, which accumulates
 * {@code ∂(L + λΩ)/∂θ} into the parameters' gradients.
 *
 * <p>With robust training ({@link Objective#robust()}), the step first finds the inner maximiser
 * {@code x'} (parameters frozen), takes the task loss at {@code x'} or {@code x} as the mode says,
 * and adds the {@code ‖IG^ℓ(x, x')‖₁} term under the mode's name.
 *
 * <p>Everything the step creates lives in its own {@code NDScope} and is freed on return. Not
 * thread-safe; one per network replica.
 */
public final class GradientStep {

    /** The stream of the step's generator that robust training's random starts draw from. */
    private static final long ATTACK_STREAM = 0xA77AC4L;

    private final Network network;
    private final Objective objective;

    /** A step computing {@code objective}'s gradient for {@code network}. */
    public GradientStep(Network network, Objective objective) {
        this.network = network;
        this.objective = objective;
    }

    /**
     * Accumulates the objective's gradient for {@code batch} into the parameters' gradients.
     *
     * @param rng dropout masks, interpolation coefficients and reference draws
     * @param importance estimator of the global importance for {@code φ̄}-based priors
     * @throws NonFiniteValueException if the objective is NaN or infinite (nothing is accumulated)
     */
    public StepLosses accumulate(Batch batch, Rng rng, GlobalImportance importance) {
        return accumulate(batch, rng, importance, 1);
    }

    /**
     * Accumulates {@code weight} times the objective's gradient for {@code batch} (a shard's
     * share of its batch); the returned losses are unweighted.
     */
    public StepLosses accumulate(Batch batch, Rng rng, GlobalImportance importance, double weight) {
        try (NDScope scope = new NDScope()) {
            return Autograd.recording(() -> run(batch, rng, importance, weight));
        }
    }

    private StepLosses run(Batch batch, Rng rng, GlobalImportance importance, double weight) {
        RobustTraining robust = objective.robust();
        NDArray perturbed =
                robust.innerMaximum(network, batch.x(), batch.labels(), objective.loss(), rng.derive(ATTACK_STREAM));
        NDArray taskInput = robust.trainsOnPerturbed() ? perturbed : batch.x();
        NetworkPass pass = network.forward(taskInput, ForwardMode.training(rng));
        NDArray task = objective.loss().mean(pass.output(), batch.labels());
        AttributionContext context = // gradient methods reuse the pass only if it ran on the batch itself
                new AttributionContext(rng, objective.attributionDropout(), objective.attributionDropout() ? pass : null);
        PriorContext priorContext =
                new PriorContext(network, batch.mask(), importance);
        Map<String, NDArray> terms = new LinkedHashMap<>();
        List<Computed> computed = new ArrayList<>();
        NDArray total = task;
        for (Penalty penalty : objective.penalties()) {
            NDArray phi =
                    penalty.prior().needsAttributions()
                            ? attributions(computed, penalty.method(), penalty.target(), batch, context)
                            : null;
            NDArray term = Tensors.times(penalty.prior().penalty(phi, priorContext), penalty.weight());
            terms.put(penalty.name(), term);
            total = total.add(term);
        }
        NDArray robustTerm = robust.attributionTerm(
                network, batch.x(), perturbed, batch.labels(), objective.loss(), context.mode());
        if (robustTerm != null) {
            terms.put(robust.mode().label(), robustTerm);
            total = total.add(robustTerm);
        }
        double loss = Tensors.scalar(total);
        double taskLoss = Tensors.scalar(task);
        Map<String, Double> values = new LinkedHashMap<>();
        double priorLoss = 0;
        for (Map.Entry<String, NDArray> e : terms.entrySet()) {
            double v = Tensors.scalar(e.getValue());
            values.put(e.getKey(), v);
            priorLoss += v;
        }
        if (!Double.isFinite(loss)) {
            throw new NonFiniteValueException(
                    "the training objective is "
                            + loss
                            + " (task loss "
                            + taskLoss
                            + ", penalties "
                            + values
                            + ")");
        }
        Autograd.backward(weight == 1 ? total : Tensors.times(total, weight));
        return new StepLosses(loss, taskLoss, priorLoss, values, batch.size());
    }

    /** Attributions of (method, target), computed once per step however many penalties use them. */
    private NDArray attributions(
            List<Computed> computed,
            AttributionMethod method,
            Target target,
            Batch batch,
            AttributionContext context) {
        for (Computed c : computed) {
            if (c.method() == method && c.target() == target) {
                return c.attributions();
            }
        }
        NDArray phi = method.attribute(network, batch.x(), batch.labels(), target, context);
        computed.add(new Computed(method, target, phi));
        return phi;
    }

    private record Computed(AttributionMethod method, Target target, NDArray attributions) {}

    /** The network. */
    public Network network() {
        return network;
    }

    /** The objective. */
    public Objective objective() {
        return objective;
    }
}
