package dev.axiom.dashboard;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** The runs a dashboard serves, by id. Thread-safe. */
public final class DashboardRuns {

    private final Map<String, DashboardRun> runs = new ConcurrentSkipListMap<>();

    /** Adds (or replaces) a run. */
    public DashboardRuns add(DashboardRun run) {
        runs.put(run.id(), run);
        return this;
    }

    /** The run with {@code id}. */
    public Optional<DashboardRun> get(String id) {
        return Optional.ofNullable(runs.get(id));
    }

    /** The ids, sorted. */
    public List<String> ids() {
        return List.copyOf(runs.keySet());
    }
}
