package dev.axiom.runtime.prior;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Keeps the global attribution statistic {@code φ̄} over all workers' batches. Each step the
 * trainer hands it the shards' batch estimates with their weights; it combines them into the
 * step's estimate and, with a decay {@code d > 0}, folds that into the moving average
 * {@code φ̄ ← d·φ̄ + (1 − d)·φ̄_step}, which the next step's workers receive (see ARCHITECTURE.md,
 * "The global importance in the runtime").
 */
public final class PriorAggregator {

    private PriorAggregator() {}

    /** Messages. */
    public sealed interface Command {}

    /** The shards' batch estimates of one step, in shard order, and their shares of the batch. */
    public record Observe(long step, List<float[]> estimates, List<Double> weights, ActorRef<Estimate> replyTo)
            implements Command {}

    /** The global estimate after {@code step}: the moving average, or null when there is none (decay 0). */
    public record Estimate(long step, float[] importance, float[] lastBatch) {}

    /** An aggregator with moving-average decay {@code decay} (0: none). */
    public static Behavior<Command> create(double decay) {
        return running(decay, null);
    }

    private static Behavior<Command> running(double decay, float[] average) {
        return Behaviors.receive(Command.class)
                .onMessage(Observe.class, o -> {
                    float[] batch = combine(o.estimates(), o.weights());
                    float[] next = null;
                    if (decay > 0 && batch != null) {
                        next = new float[batch.length];
                        for (int i = 0; i < batch.length; i++) {
                            next[i] = average == null ? batch[i] : (float) (decay * average[i] + (1 - decay) * batch[i]);
                        }
                    }
                    o.replyTo().tell(new Estimate(o.step(), next == null ? null : next.clone(), batch));
                    return running(decay, next);
                })
                .build();
    }

    /** {@code Σ_s w_s φ̄_s}, or null if no shard observed one. */
    static float[] combine(List<float[]> estimates, List<Double> weights) {
        float[] out = null;
        for (int s = 0; s < estimates.size(); s++) {
            float[] e = estimates.get(s);
            if (e == null) {
                continue;
            }
            if (out == null) {
                out = new float[e.length];
            }
            double w = weights.get(s);
            for (int i = 0; i < e.length; i++) {
                out[i] += (float) (w * e[i]);
            }
        }
        return out;
    }
}
