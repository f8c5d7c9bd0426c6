package dev.axiom.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where a fuzz run's results go: standard output always, and with {@code -Dfuzz.report=FILE} one
 * line per reader (and its crashers) appended to the file, which {@code modules/bench/fuzz.sh}
 * prints as the run's table.
 */
public final class Reports {

    /** How many inputs per reader: {@code -Dfuzz.inputs}, else {@code fallback}. */
    public static int inputs(int fallback) {
        return Integer.getInteger("fuzz.inputs", fallback);
    }

    /** The run's seed: {@code -Dfuzz.seed}, else {@code fallback}. */
    public static long seed(long fallback) {
        return Long.getLong("fuzz.seed", fallback);
    }

    private Reports() {}

    /** Prints {@code summary} and appends it to the report file if one is given. */
    public static synchronized void record(Summary summary) {
        System.out.println(summary.report());
        String file = System.getProperty("fuzz.report");
        if (file == null || file.isBlank()) {
            return;
        }
        try {
            Files.writeString(Path.of(file), summary.report() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
