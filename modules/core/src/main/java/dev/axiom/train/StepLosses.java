package dev.axiom.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of one gradient step's objective.
 *
 * @param loss {@code L + Σ λ Ω}
 * @param taskLoss {@code L}
 * @param priorLoss {@code Σ λ Ω}
 * @param penalties {@code λ_t Ω_t} by penalty name
 * @param batchSize samples in the batch
 */
public record StepLosses(
        double loss, double taskLoss, double priorLoss, Map<String, Double> penalties, int batchSize) {

    /** Copies the map. */
    public StepLosses {
        penalties = Map.copyOf(penalties);
    }

    /**
     * The losses of a batch computed in shards: each value weighted by its shard's share of the
     * samples.
     */
    public static StepLosses combine(List<StepLosses> shards) {
        if (shards.size() == 1) {
            return shards.get(0);
        }
        int n = 0;
        for (StepLosses s : shards) {
            n += s.batchSize();
        }
        double loss = 0;
        double task = 0;
        double prior = 0;
        Map<String, Double> penalties = new LinkedHashMap<>();
        for (StepLosses s : shards) {
            double w = s.batchSize() / (double) n;
            loss += w * s.loss();
            task += w * s.taskLoss();
            prior += w * s.priorLoss();
            s.penalties().forEach((k, v) -> penalties.merge(k, w * v, Double::sum));
        }
        return new StepLosses(loss, task, prior, penalties, n);
    }
}
