package dev.axiom.data;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a table from CSV with a header row into a {@link Dataset}: numeric features, a label column,
 * optional feature selection, dropped columns, and missing values. Errors name the file, the line
 * and the column.
 */
public final class CsvReader {

    /** The largest class index a label may be: 2^24, the last integer a float label holds exactly. */
    static final int MAX_CLASS_INDEX = 1 << 24;

    private CsvReader() {}

    /** A raw table: header and rows of strings, with the line each row started on. */
    public record Table(String location, List<String> header, List<List<String>> rows, List<Long> lines) {

        /** Index of {@code column}, or a clear error listing the columns. */
        public int column(String column) {
            int i = header.indexOf(column);
            if (i < 0) {
                throw new DataFormatException(
                        location + ": no column '" + column + "'; the columns are " + preview(header));
            }
            return i;
        }
    }

    /**
     * Reads a CSV file as strings, checking that every row has as many fields as the header.
     *
     * @throws DataFormatException for a missing file, an empty file, or a ragged row (with its line)
     */
    public static Table table(DataSource source) {
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setTrim(true).setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(false).get();
        long line = 1;
        try (InputStream in = source.open();
                Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
                CSVParser parser = format.parse(reader)) {
            List<String> header = null;
            List<List<String>> rows = new ArrayList<>();
            List<Long> lines = new ArrayList<>();
            for (CSVRecord record : parser) {
                List<String> fields = record.toList();
                boolean blank = fields.size() == 1 && fields.get(0).isEmpty();
                if (blank) {
                    // a blank line: skipped, but counted
                } else if (header == null) {
                    header = fields;
                    requireDistinct(header, source, line);
                } else {
                    if (fields.size() != header.size()) {
                        throw new DataFormatException(String.format(
                                "%s:%d: expected %d fields (as in the header), found %d",
                                source.location(), line, header.size(), fields.size()));
                    }
                    rows.add(fields);
                    lines.add(line);
                }
                line = parser.getCurrentLineNumber() + 1;
            }
            if (header == null) {
                throw new DataFormatException(source.location() + ": empty file (no header row)");
            }
            return new Table(source.location(), header, rows, lines);
        } catch (UncheckedIOException e) {
            throw syntax(source, line, e.getCause() == null ? e : e.getCause());
        } catch (IOException | IllegalStateException e) {
            throw syntax(source, line, e);
        }
    }

    /** A CSV syntax error at the record that starts on {@code line}, in words. */
    private static DataFormatException syntax(DataSource source, long line, Throwable e) {
        String message = String.valueOf(e.getMessage());
        Matcher at = Pattern.compile("(?:startline|line:) ([\\d,]+)").matcher(message);
        long where = at.find() ? Long.parseLong(at.group(1).replace(",", "")) : line;
        if (message.contains("EOF reached before encapsulated token finished")) {
            return new DataFormatException(
                    source.location() + ":" + where + ": a quoted field starts here and has no closing quote", e);
        }
        if (message.contains("Invalid character between encapsulated token and delimiter")) {
            return new DataFormatException(source.location() + ":" + where
                    + ": text after the closing quote of a field (a quote inside a quoted field is written twice: \"\")", e);
        }
        return new DataFormatException(source.location() + ":" + where + ": not valid CSV (" + message + ")", e);
    }

    private static void requireDistinct(List<String> header, DataSource source, long line) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            Integer first = seen.putIfAbsent(header.get(i), i);
            if (first != null) {
                throw new DataFormatException(String.format(
                        "%s:%d: column '%s' appears twice in the header (columns %d and %d)",
                        source.location(), line, header.get(i), first + 1, i + 1));
            }
        }
    }

    /**
     * Reads a data set; labels come from {@code options.labelColumn()} of the same file.
     *
     * @throws DataFormatException naming file, line and column for a missing label column, a
     *     non-numeric or NaN cell, a missing value where missing values are errors
     */
    public static Dataset read(DataSource source, CsvOptions options) {
        return read(table(source), options, null);
    }

    /**
     * Reads a data set whose labels are in another table, matched by the id column (or by row
     * order when {@code options.idColumn()} is null).
     */
    public static Dataset read(DataSource features, DataSource labels, CsvOptions options) {
        return read(table(features), options, table(labels));
    }

    /**
     * The rows of a table that have a label, with their labels encoded.
     *
     * @param table the table of features
     * @param rows the rows kept (those with a label), as indices into {@code table.rows()}
     * @param labels one label per kept row: a class index, 0/1, or a real value
     * @param kind class indices or real values (binary labels are real 0/1 targets)
     * @param labelValues the label's values in index order when they were text or given
     *     ({@code label-values}); empty for numeric labels and real targets
     */
    public record Labelled(Table table, int[] rows, float[] labels, Dataset.LabelKind kind, List<String> labelValues) {

        /** The kept rows at {@code positions} (indices into {@link #rows()}), encoded with {@code encoding}. */
        public Dataset dataset(TableEncoding encoding, int[] positions) {
            int[] picked = new int[positions.length];
            float[] y = new float[positions.length];
            for (int k = 0; k < positions.length; k++) {
                picked[k] = rows[positions[k]];
                y[k] = labels[positions[k]];
            }
            List<String> names = encoding.featureNames();
            return new Dataset(encoding.encode(table, picked), new Shape(names.size()), y, kind, 1, names);
        }

        /** Every kept row, encoded with {@code encoding}. */
        public Dataset dataset(TableEncoding encoding) {
            int[] all = new int[rows.length];
            java.util.Arrays.setAll(all, i -> i);
            return dataset(encoding, all);
        }

        /** The training rows {@code positions} (indices into {@link #rows()}) as table rows. */
        public int[] tableRows(int[] positions) {
            int[] out = new int[positions.length];
            for (int k = 0; k < positions.length; k++) {
                out[k] = rows[positions[k]];
            }
            return out;
        }
    }

    private static Dataset read(Table table, CsvOptions options, Table labelTable) {
        Labelled labelled = labelled(table, options, labelTable);
        TableEncoding encoding = TableEncoding.fit(table, featureColumns(table, options), labelled.rows(), options);
        return labelled.dataset(encoding);
    }

    /**
     * The labelled rows of {@code table}; labels from {@code options.labelColumn()} of the same
     * table, or of {@code labelTable} (matched by the id column, or by row order) when not null.
     *
     * @throws DataFormatException for a table without rows, a missing label (unless dropped), a
     *     label that is not one of {@code label-values}, a binary label with more than two values
     */
    public static Labelled labelled(Table table, CsvOptions options, Table labelTable) {
        if (table.rows().isEmpty()) {
            throw new DataFormatException(table.location() + ": a header row and no data rows");
        }
        List<String> rawLabels = labels(table, options, labelTable);
        List<Integer> kept = new ArrayList<>();
        for (int r = 0; r < table.rows().size(); r++) {
            if (options.isMissing(rawLabels.get(r))) {
                if (!options.dropUnlabelled()) {
                    throw new DataFormatException(
                            labelWhere(table, options, labelTable, r) + ": the label is missing");
                }
            } else {
                kept.add(r);
            }
        }
        if (kept.isEmpty()) {
            throw new DataFormatException(table.location() + ": none of its " + table.rows().size()
                    + " rows has a label (rows without one are dropped: drop-unlabelled = true)");
        }
        int[] rows = kept.stream().mapToInt(Integer::intValue).toArray();
        if (options.labelKind().equals("real")) {
            float[] y = realLabels(kept, rawLabels, table, options, labelTable);
            return new Labelled(table, rows, y, Dataset.LabelKind.REAL, List.of());
        }
        List<String> values = new ArrayList<>();
        float[] y = encodeLabels(kept, rawLabels, options, table, labelTable, values);
        Dataset.LabelKind kind =
                options.labelKind().equals("class") ? Dataset.LabelKind.CLASS_INDEX : Dataset.LabelKind.REAL;
        return new Labelled(table, rows, y, kind, values);
    }

    /** The feature columns {@code options} choose from {@code table}, in order. */
    public static List<String> featureColumns(Table table, CsvOptions options) {
        if (!options.features().isEmpty()) {
            options.features().forEach(table::column);
            return options.features();
        }
        List<String> names = new ArrayList<>();
        for (String column : table.header()) {
            if (!column.equals(options.labelColumn())
                    && !column.equals(options.idColumn())
                    && !options.dropColumns().contains(column)) {
                names.add(column);
            }
        }
        return names;
    }

    private static List<String> labels(Table table, CsvOptions options, Table labelTable) {
        if (labelTable == null) {
            int c = table.column(options.labelColumn());
            return table.rows().stream().map(row -> row.get(c)).toList();
        }
        int c = labelTable.column(options.labelColumn());
        if (options.idColumn() == null) {
            if (labelTable.rows().size() != table.rows().size()) {
                throw new DataFormatException(
                        table.location() + " has " + table.rows().size() + " rows but " + labelTable.location()
                                + " has " + labelTable.rows().size() + "; give an id column to match them");
            }
            return labelTable.rows().stream().map(row -> row.get(c)).toList();
        }
        int idFeatures = table.column(options.idColumn());
        int idLabels = labelTable.column(options.idColumn());
        Map<String, String> byId = new HashMap<>();
        for (List<String> row : labelTable.rows()) {
            byId.put(row.get(idLabels), row.get(c));
        }
        List<String> out = new ArrayList<>();
        for (int r = 0; r < table.rows().size(); r++) {
            String id = table.rows().get(r).get(idFeatures);
            String label = byId.get(id);
            if (label == null) {
                throw new DataFormatException(String.format(
                        "%s:%d: row id '%s' has no row in %s", table.location(), table.lines().get(r), id, labelTable.location()));
            }
            out.add(label);
        }
        return out;
    }

    /** Where the label of row {@code r} is: file, line and column. */
    private static String labelWhere(Table table, CsvOptions options, Table labelTable, int r) {
        return String.format("%s:%d, column '%s'",
                labelTable == null ? table.location() : labelTable.location(),
                labelTable == null ? table.lines().get(r) : labelLine(labelTable, options, table, r),
                options.labelColumn());
    }

    private static long labelLine(Table labelTable, CsvOptions options, Table table, int r) {
        if (options.idColumn() == null) {
            return labelTable.lines().get(r);
        }
        String id = table.rows().get(r).get(table.column(options.idColumn()));
        int idLabels = labelTable.column(options.idColumn());
        for (int i = 0; i < labelTable.rows().size(); i++) {
            if (labelTable.rows().get(i).get(idLabels).equals(id)) {
                return labelTable.lines().get(i);
            }
        }
        return -1;
    }

    private static float[] realLabels(List<Integer> kept, List<String> raw, Table table, CsvOptions options, Table labelTable) {
        float[] y = new float[kept.size()];
        for (int k = 0; k < y.length; k++) {
            int r = kept.get(k);
            String cell = raw.get(r);
            try {
                y[k] = Float.parseFloat(cell);
            } catch (NumberFormatException e) {
                y[k] = Float.NaN;
            }
            if (!Float.isFinite(y[k])) {
                throw new DataFormatException(
                        labelWhere(table, options, labelTable, r) + ": label '" + cell + "' is not a finite number");
            }
        }
        return y;
    }

    /**
     * Class or binary labels as indices: by position in {@code label-values} when given, else
     * integers as they are, else text values by sorted position; {@code values} receives the names
     * of the indices when they are known (given or text).
     */
    private static float[] encodeLabels(
            List<Integer> kept, List<String> raw, CsvOptions options, Table table, Table labelTable, List<String> values) {
        TreeSet<String> distinct = new TreeSet<>();
        kept.forEach(r -> distinct.add(raw.get(r)));
        boolean integers = distinct.stream().allMatch(s -> s.matches("\\d+"));
        Map<String, Integer> codes = new LinkedHashMap<>();
        if (!options.labelValues().isEmpty()) {
            for (int i = 0; i < options.labelValues().size(); i++) {
                codes.put(options.labelValues().get(i), i);
            }
            values.addAll(options.labelValues());
        } else if (integers) {
            for (String s : distinct) {
                // a float holds class indices exactly up to 2^24; longer digit strings would not even parse as an int
                String digits = s.replaceFirst("^0+(?=.)", "");
                if (digits.length() > 8 || Integer.parseInt(digits) > MAX_CLASS_INDEX) {
                    int r = kept.stream().filter(k -> raw.get(k).equals(s)).findFirst().orElseThrow();
                    throw new DataFormatException(labelWhere(table, options, labelTable, r) + ": label '" + abbreviate(s)
                            + "' is too large for a class index (at most " + MAX_CLASS_INDEX
                            + "; classes are numbered 0, 1, … or named by text)");
                }
                codes.put(s, Integer.parseInt(digits));
            }
        } else {
            int c = 0;
            for (String s : distinct) {
                codes.put(s, c++);
            }
            values.addAll(distinct);
        }
        int max = codes.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        Table where = labelTable == null ? table : labelTable;
        if (options.labelKind().equals("binary") && (max > 1 || codes.size() > 2)) {
            throw new DataFormatException(
                    where.location() + ", column '" + options.labelColumn() + "': a binary label needs two values, found "
                            + preview(new ArrayList<>(distinct)));
        }
        float[] y = new float[kept.size()];
        for (int i = 0; i < y.length; i++) {
            Integer code = codes.get(raw.get(kept.get(i)));
            if (code == null) {
                throw new DataFormatException(labelWhere(table, options, labelTable, kept.get(i)) + ": label '"
                        + raw.get(kept.get(i)) + "' is not one of the label values " + preview(options.labelValues()));
            }
            y[i] = code;
        }
        return y;
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "… (" + value.length() + " characters)";
    }

    private static String preview(List<String> values) {
        if (values.size() <= 12) {
            return values.toString();
        }
        return values.subList(0, 12) + " and " + (values.size() - 12) + " more";
    }
}
