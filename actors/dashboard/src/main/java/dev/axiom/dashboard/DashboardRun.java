package dev.axiom.dashboard;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A run the dashboard shows.
 *
 * @param id the run's name in URLs (its directory's name)
 * @param directory the run directory ({@code config.conf}, {@code provenance.json}, …)
 * @param journal its events
 * @param control how to pause, resume or stop it, if it is live (used only when control is enabled)
 */
public record DashboardRun(String id, Path directory, RunJournal journal, Optional<RunControl> control) {

    /** The id a run directory gets: its name. */
    public static String idOf(Path directory) {
        return directory.toAbsolutePath().normalize().getFileName().toString();
    }
}
