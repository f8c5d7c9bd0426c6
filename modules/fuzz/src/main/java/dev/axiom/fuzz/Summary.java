package dev.axiom.fuzz;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a run of one reader found.
 *
 * @param reader the reader's name
 * @param inputs mutated inputs tried
 * @param loaded inputs it loaded
 * @param userErrors inputs it refused with its own error
 * @param crashers inputs that crashed it (the first ones of each kind are in {@code examples})
 * @param kinds the crashers by kind (exception type and the frame it was thrown from), with counts
 * @param examples up to a few crashers of each kind
 * @param seconds wall time
 */
public record Summary(
        String reader, int inputs, int loaded, int userErrors, int crashers, Map<String, Integer> kinds,
        List<Crash> examples, double seconds) {

    /** Copies the collections. */
    public Summary {
        kinds = Map.copyOf(kinds);
        examples = List.copyOf(examples);
    }

    /** The header of {@link #line()}. */
    public static String header() {
        return String.format(Locale.ROOT, "%-12s %8s %8s %11s %8s %9s", "reader", "inputs", "loaded", "user errors",
                "crashers", "seconds");
    }

    /** One line of the table: reader, inputs, loaded, user errors, crashers, seconds. */
    public String line() {
        return String.format(Locale.ROOT, "%-12s %8d %8d %11d %8d %9.1f", reader, inputs, loaded, userErrors, crashers,
                seconds);
    }

    /** The line, then one line per crasher example. */
    public String report() {
        StringBuilder b = new StringBuilder(line());
        examples.forEach(c -> b.append("\n  crasher ").append(c.line()));
        return b.toString();
    }
}
