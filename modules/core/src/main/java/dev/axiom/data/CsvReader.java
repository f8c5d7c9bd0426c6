package dev.axiom.data;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a table from CSV with a header row into a {@link Dataset}: numeric features, a label column,
 * optional feature selection, dropped columns, and missing values. Errors name the file, the line
 * and the column.
 */
public final class CsvReader {

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
        try (InputStream in = source.open();
                Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
                CSVParser parser = CSVFormat.DEFAULT.builder().setTrim(true).get().parse(reader)) {
            List<String> header = null;
            List<List<String>> rows = new ArrayList<>();
            List<Long> lines = new ArrayList<>();
            long line = 1;
            for (CSVRecord record : parser) {
                List<String> fields = record.toList();
                if (header == null) {
                    header = fields;
                } else if (!(fields.size() == 1 && fields.get(0).isEmpty())) {
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
        } catch (IOException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new DataFormatException(source.location() + ": not valid CSV (" + e.getMessage() + ")", e);
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

    private static Dataset read(Table table, CsvOptions options, Table labelTable) {
        List<String> featureNames = featureColumns(table, options);
        int[] featureIndex = featureNames.stream().mapToInt(table::column).toArray();
        List<String> rawLabels = labels(table, options, labelTable);
        List<Integer> kept = new ArrayList<>();
        for (int r = 0; r < table.rows().size(); r++) {
            String label = rawLabels.get(r);
            if (label.isEmpty() || label.equals("NA")) {
                if (!options.dropUnlabelled()) {
                    throw new DataFormatException(String.format(
                            "%s:%d, column '%s': the label is missing",
                            labelTable == null ? table.location() : labelTable.location(),
                            labelTable == null ? table.lines().get(r) : labelLine(labelTable, options, table, r),
                            options.labelColumn()));
                }
            } else {
                kept.add(r);
            }
        }
        int p = featureNames.size();
        float[] x = new float[kept.size() * p];
        for (int k = 0; k < kept.size(); k++) {
            int r = kept.get(k);
            List<String> row = table.rows().get(r);
            for (int j = 0; j < p; j++) {
                x[k * p + j] = number(row.get(featureIndex[j]), table, r, featureNames.get(j), options);
            }
        }
        float[] y = encodeLabels(kept.stream().map(rawLabels::get).toList(), options, table);
        Dataset.LabelKind kind =
                options.labelKind().equals("class") ? Dataset.LabelKind.CLASS_INDEX : Dataset.LabelKind.REAL;
        return new Dataset(x, new Shape(p), y, kind, 1, featureNames);
    }

    private static List<String> featureColumns(Table table, CsvOptions options) {
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

    private static float number(String cell, Table table, int r, String column, CsvOptions options) {
        if (cell.isEmpty()) {
            if (options.missing().equals("impute")) {
                return Float.NaN;
            }
            throw new DataFormatException(String.format(
                    "%s:%d, column '%s': the value is missing (set missing = impute to fill it from the training split)",
                    table.location(), table.lines().get(r), column));
        }
        float v;
        try {
            v = Float.parseFloat(cell);
        } catch (NumberFormatException e) {
            throw new DataFormatException(String.format(
                    "%s:%d, column '%s': '%s' is not a number", table.location(), table.lines().get(r), column, cell));
        }
        if (!Float.isFinite(v)) {
            throw new DataFormatException(String.format(
                    "%s:%d, column '%s': %s is not allowed in the data (leave the cell empty for a missing value)",
                    table.location(), table.lines().get(r), column, cell));
        }
        return v;
    }

    private static float[] encodeLabels(List<String> raw, CsvOptions options, Table table) {
        float[] y = new float[raw.size()];
        if (options.labelKind().equals("real")) {
            for (int i = 0; i < y.length; i++) {
                y[i] = labelNumber(raw.get(i), options, table);
            }
            return y;
        }
        TreeSet<String> distinct = new TreeSet<>(raw);
        boolean integers = distinct.stream().allMatch(s -> s.matches("\\d+"));
        Map<String, Integer> codes = new LinkedHashMap<>();
        if (integers) {
            distinct.forEach(s -> codes.put(s, Integer.parseInt(s)));
        } else {
            int c = 0;
            for (String s : distinct) {
                codes.put(s, c++);
            }
        }
        int max = codes.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        if (options.labelKind().equals("binary") && (max > 1 || codes.size() > 2)) {
            throw new DataFormatException(
                    table.location() + ", column '" + options.labelColumn() + "': a binary label needs two values, found "
                            + preview(new ArrayList<>(distinct)));
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = codes.get(raw.get(i));
        }
        return y;
    }

    private static float labelNumber(String cell, CsvOptions options, Table table) {
        try {
            float v = Float.parseFloat(cell);
            if (Float.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new DataFormatException(
                table.location() + ", column '" + options.labelColumn() + "': label '" + cell + "' is not a finite number");
    }

    private static String preview(List<String> values) {
        if (values.size() <= 12) {
            return values.toString();
        }
        return values.subList(0, 12) + " and " + (values.size() - 12) + " more";
    }
}
