package dev.axiom.experiment;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.axiom.run.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The finished units of work of an experiment (one training and its measurements, say), one JSON
 * line each in {@code work.jsonl}, so that an interrupted experiment run again with the same
 * {@code --out} continues where it stopped instead of starting over. Each line also records how
 * many seconds its unit took, so that a resumed experiment can still say what the whole run cost.
 * A unit that the time budget stopped halfway (a training that continues in the next invocation)
 * leaves a line {@code {"unit": …, "partial": true, "seconds": …}}: its time counts, the unit is
 * not done.
 */
public final class WorkLog {

    private static final TypeReference<Map<String, Object>> LINE = new TypeReference<>() {};

    private final Path file;
    private final Optional<Instant> deadline;
    private final StopRequest stop;
    private final Map<String, Map<String, Double>> done = new LinkedHashMap<>();
    private double seconds;
    private int untimed;

    /**
     * The time budget of an invocation is used up: the unit named was not started (nothing of it
     * is lost; the same command continues with it).
     */
    public static final class OutOfTime extends RuntimeException {

        OutOfTime(String unit) {
            this(unit, "the time budget is used up");
        }

        OutOfTime(String unit, String why) {
            super(why + "; '" + unit + "' and what follows it are left for the next invocation");
        }
    }

    /** The log in {@code file}, with the units it already holds; no time budget. */
    public WorkLog(Path file) {
        this(file, Optional.empty());
    }

    /**
     * The log in {@code file}; after {@code deadline} no new unit starts ({@link #get} throws
     * {@link OutOfTime}), and long units that can stop halfway ({@link #deadline()}) do.
     */
    public WorkLog(Path file, Optional<Instant> deadline) {
        this(file, deadline, new StopRequest());
    }

    /** Like {@link #WorkLog(Path, Optional)}; {@code stop}, once requested, ends the invocation as its deadline does. */
    public WorkLog(Path file, Optional<Instant> deadline, StopRequest stop) {
        this.file = file;
        this.deadline = deadline;
        this.stop = stop;
        if (Files.exists(file)) {
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (line.isBlank()) {
                        continue;
                    }
                    Map<String, Object> entry;
                    try {
                        entry = Json.MAPPER.readValue(line, LINE);
                    } catch (IOException e) {
                        if (i == lines.size() - 1) {
                            // a line cut by an interruption: dropped, and that unit is done again
                            Files.write(file, lines.subList(0, i), StandardCharsets.UTF_8);
                            break;
                        }
                        throw new IllegalArgumentException(file + " line " + (i + 1) + " is not JSON: " + e.getMessage(), e);
                    }
                    if (Boolean.TRUE.equals(entry.get("partial"))) {
                        if (entry.get("seconds") instanceof Number n) {
                            seconds += n.doubleValue();
                        }
                        continue;
                    }
                    Map<String, Double> values = new LinkedHashMap<>();
                    ((Map<?, ?>) entry.get("values")).forEach((k, v) -> values.put((String) k, v == null ? Double.NaN : ((Number) v).doubleValue()));
                    done.put((String) entry.get("unit"), values);
                    if (entry.get("seconds") instanceof Number n) {
                        seconds += n.doubleValue();
                    } else {
                        untimed++; // written before units were timed
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
    }

    /** The values of {@code unit}: from the log if it was done before, else computed now and logged. */
    public synchronized Map<String, Double> get(String unit, Supplier<Map<String, Double>> compute) {
        Map<String, Double> known = done.get(unit);
        if (known != null) {
            return known;
        }
        checkTime(unit);
        long start = System.nanoTime();
        Map<String, Double> values;
        try {
            values = compute.get();
        } catch (OutOfTime stoppedHalfway) {
            double took = (System.nanoTime() - start) / 1e9;
            seconds += took;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("unit", unit);
            entry.put("partial", true);
            entry.put("seconds", took);
            append(entry);
            throw stoppedHalfway;
        }
        double took = (System.nanoTime() - start) / 1e9;
        done.put(unit, values);
        seconds += took;
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("unit", unit);
        entry.put("seconds", took);
        Map<String, Object> finite = new LinkedHashMap<>();
        values.forEach((k, v) -> finite.put(k, Double.isFinite(v) ? v : null));
        entry.put("values", finite);
        append(entry);
        return values;
    }

    private void append(Map<String, Object> entry) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, Json.line(entry) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    /** The moment after which no new unit starts, if this invocation has a time budget. */
    public Optional<Instant> deadline() {
        return deadline;
    }

    /**
     * Throws {@link OutOfTime} naming {@code unit} if the time budget is used up or a stop was
     * requested: for a unit that stopped halfway, so that it is not logged as done.
     */
    public void checkTime(String unit) {
        if (stop.reason().isPresent()) {
            throw new OutOfTime(unit, "stopped by " + stop.reason().get());
        }
        if (deadline.isPresent() && !Instant.now().isBefore(deadline.get())) {
            throw new OutOfTime(unit);
        }
    }

    /** The request that ends this invocation early, as its deadline would. */
    public StopRequest stopRequest() {
        return stop;
    }

    /** Whether {@code unit} is done. */
    public synchronized boolean has(String unit) {
        return done.containsKey(unit);
    }

    /**
     * Seconds the timed units took, over every invocation that added to this log, with the time of
     * units stopped halfway by a budget.
     */
    public synchronized double seconds() {
        return seconds;
    }

    /** Units in the log without a time (written before units were timed). */
    public synchronized int untimedUnits() {
        return untimed;
    }

    /** Units done so far. */
    public synchronized int size() {
        return done.size();
    }
}
