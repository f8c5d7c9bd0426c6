package dev.axiom.runtime;

import java.util.List;

/**
 * Failures to inject into gradient workers, for testing supervision: worker {@code worker}, on
 * its {@code computation}-th computation (1-based, counted over the worker's whole life, across
 * restarts), throws or stops.
 */
public record FaultPlan(List<Fault> faults) {

    /** What a worker does when a fault fires. */
    public enum Kind {
        /** Throws an exception (the supervisor restarts the worker). */
        THROW,
        /** Stops itself (the trainer replaces it). */
        STOP
    }

    /** One injected failure. */
    public record Fault(int worker, long computation, Kind kind) {}

    /** Copies the list. */
    public FaultPlan {
        faults = List.copyOf(faults);
    }

    /** No failures. */
    public static FaultPlan none() {
        return new FaultPlan(List.of());
    }

    /** The fault of {@code worker} at its {@code computation}-th computation, or null. */
    public Kind at(int worker, long computation) {
        for (Fault f : faults) {
            if (f.worker() == worker && f.computation() == computation) {
                return f.kind();
            }
        }
        return null;
    }
}
