package dev.axiom.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** A Markdown report built section by section: headings, text, tables and figures. */
public final class Report {

    private final StringBuilder md = new StringBuilder();

    /** A heading of {@code level} (1–4). */
    public Report heading(int level, String text) {
        md.append("#".repeat(level)).append(' ').append(text).append("\n\n");
        return this;
    }

    /** A paragraph. */
    public Report text(String text) {
        md.append(text).append("\n\n");
        return this;
    }

    /** A table; cells are written as given ({@link #number} formats values). */
    public Report table(List<String> header, List<List<String>> rows) {
        md.append("| ").append(String.join(" | ", header)).append(" |\n");
        md.append("|").append("---|".repeat(header.size())).append('\n');
        for (List<String> row : rows) {
            md.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        md.append('\n');
        return this;
    }

    /** A figure: {@code png} relative to the report's folder. */
    public Report figure(String alt, String png) {
        md.append("![").append(alt).append("](").append(png).append(")\n\n");
        return this;
    }

    /** A value with {@code digits} significant decimals, "–" for NaN. */
    public static String number(double v, int digits) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    /** A signed value ({@code +0.012}), "–" for NaN. */
    public static String signed(double v, int digits) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%+." + digits + "f", v);
    }

    /**
     * {@code mean [low, high]}, signed or not; "–" when the mean is NaN (nothing measured yet).
     */
    public static String interval(double mean, double low, double high, int digits, boolean signed) {
        if (Double.isNaN(mean)) {
            return "–";
        }
        String f = signed ? "%+." + digits + "f" : "%." + digits + "f";
        return String.format(Locale.ROOT, f + " [" + f + ", " + f + "]", mean, low, high);
    }

    /** {@code mean ± spread}. */
    public static String plusMinus(double mean, double spread, int digits) {
        return number(mean, digits) + " ± " + number(spread, digits);
    }

    /** Writes the report to {@code file}. */
    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public String toString() {
        return md.toString();
    }
}
