package dev.axiom.train;

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
}
