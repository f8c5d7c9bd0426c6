package dev.axiom.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot of an optimiser: its kind, the number of updates applied, and its slots by name
 * ({@code <parameter name>/<slot>}).
 *
 * @param kind {@code adam} or {@code sgd}
 * @param updates updates applied so far
 * @param slots slot values
 */
public record OptimizerState(String kind, long updates, Map<String, float[]> slots) {

    /** Copies the map (keeping its order). */
    public OptimizerState {
        slots = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(slots));
    }
}
