package dev.axiom.run;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The run's {@code metrics.jsonl}: one JSON object per line, appended and flushed as it happens,
 * so that a crash loses nothing already written and a dashboard can follow the file.
 */
public final class MetricsLog implements AutoCloseable {

    private final BufferedWriter out;
    private final Path file;

    /** Opens {@code file} for appending. */
    public MetricsLog(Path file) {
        this.file = file;
        try {
            this.out = Files.newBufferedWriter(
                    file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends one record. */
    public synchronized void write(Map<String, Object> record) {
        try {
            out.write(Json.line(record));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every record of a metrics file, in order (a torn last line, from a crash, is skipped). */
    public static List<Map<String, Object>> read(Path file) {
        List<Map<String, Object>> records = new ArrayList<>();
        if (!Files.exists(file)) {
            return records;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    records.add(Json.parse(line));
                } catch (IllegalArgumentException torn) {
                    // an incomplete last line after a crash
                }
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Drops the records of steps after {@code step} (when a run resumes from a checkpoint at
     * {@code step}, those steps are run, and logged, again).
     */
    public static void truncateAfter(Path file, long step) {
        if (!Files.exists(file)) {
            return;
        }
        List<String> kept = new ArrayList<>();
        for (Map<String, Object> r : read(file)) {
            Object s = r.get("step");
            if (s instanceof Number n && n.longValue() <= step && !"error".equals(r.get("type"))
                    && !"test".equals(r.get("split"))) {
                kept.add(Json.line(r));
            }
        }
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, kept, StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
