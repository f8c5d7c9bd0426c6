package dev.axiom.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.axiom.run.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an output folder's work log was started with ({@code scale.json}: experiment, scale, seeds,
 * scale parameters). The work log's units are keyed by model and seed, not by scale, so continuing
 * a folder with other options would mix scales silently; {@link #check} refuses instead.
 */
final class ScaleStamp {

    private ScaleStamp() {}

    /**
     * Writes the stamp of {@code options} into {@code out}, or, if the folder already has one,
     * checks that it is the same.
     *
     * @throws IllegalArgumentException naming both when the folder was started with other options
     */
    static void check(Path out, String experiment, ExperimentOptions options) {
        Map<String, Object> stamp = new LinkedHashMap<>();
        stamp.put("experiment", experiment);
        stamp.put("scale", options.quick() ? "quick" : "full");
        stamp.put("seeds", options.seeds());
        stamp.put("params", new TreeMap<>(options.params()));
        Path file = out.resolve("scale.json");
        try {
            JsonNode wanted = Json.MAPPER.valueToTree(stamp);
            if (Files.exists(file)) {
                JsonNode started = Json.MAPPER.readTree(file.toFile());
                if (!started.equals(wanted)) {
                    throw new IllegalArgumentException(out + " was started with " + started + ", and this run asks for "
                            + wanted + "; its finished work would mix the two. Give another --out, or the same options to continue");
                }
                return;
            }
            Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(wanted));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }
}
