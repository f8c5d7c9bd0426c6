package dev.axiom.experiment;

import dev.axiom.run.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every number an experiment reports, keyed by section (e.g. a data set), model and metric, and
 * written as {@code results.json}: {@code {"experiment": …, "results": {section: {model: {metric:
 * value}}}, "paper": {…}, …}}. Non-finite values are written as {@code null} and listed under
 * {@code "non_finite"} so that a script notices them.
 */
public final class Results {

    private final Map<String, Map<String, Map<String, Double>>> values = new LinkedHashMap<>();
    private final Map<String, Map<String, Map<String, Object>>> paper = new LinkedHashMap<>();
    private final Map<String, Object> info = new LinkedHashMap<>();

    /** Records {@code value} for {@code metric} of {@code model} in {@code section}. */
    public synchronized void put(String section, String model, String metric, double value) {
        values.computeIfAbsent(section, k -> new LinkedHashMap<>()).computeIfAbsent(model, k -> new LinkedHashMap<>()).put(metric, value);
    }

    /** Records the paper's value (a number, or a text such as a claim) beside ours. */
    public synchronized void paper(String section, String model, String metric, Object value) {
        paper.computeIfAbsent(section, k -> new LinkedHashMap<>()).computeIfAbsent(model, k -> new LinkedHashMap<>()).put(metric, value);
    }

    /** Records a fact about the run (seeds, settings, time taken, a claim's verdict…). */
    public synchronized void info(String key, Object value) {
        info.put(key, value);
    }

    /** A fact recorded with {@link #info}, or null. */
    public synchronized Object infoValue(String key) {
        return info.get(key);
    }

    /** Our value, or NaN if none was recorded. */
    public synchronized double get(String section, String model, String metric) {
        return values.getOrDefault(section, Map.of()).getOrDefault(model, Map.of()).getOrDefault(metric, Double.NaN);
    }

    /** Our values of one section, model to metric to value (a copy). */
    public synchronized Map<String, Map<String, Double>> section(String section) {
        Map<String, Map<String, Double>> copy = new LinkedHashMap<>();
        values.getOrDefault(section, Map.of()).forEach((m, v) -> copy.put(m, new LinkedHashMap<>(v)));
        return copy;
    }

    /** Writes {@code results.json} for experiment {@code name}. */
    public synchronized void write(Path file, String name) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("experiment", name);
        root.putAll(info);
        List<String> nonFinite = new ArrayList<>();
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((section, models) -> {
            Map<String, Object> s = new LinkedHashMap<>();
            models.forEach((model, metrics) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                metrics.forEach((metric, v) -> {
                    if (!Double.isFinite(v)) {
                        nonFinite.add(section + "/" + model + "/" + metric);
                    }
                    m.put(metric, Double.isFinite(v) ? v : null);
                });
                s.put(model, m);
            });
            out.put(section, s);
        });
        root.put("results", out);
        root.put("paper", paper);
        root.put("non_finite", nonFinite);
        Json.write(file, root);
    }
}
