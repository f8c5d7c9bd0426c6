package dev.axiom.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * How the columns of a table become the network's features, fitted on the training rows only and
 * applied to every table with the same columns (in any order).
 *
 * <ul>
 *   <li>A <b>numeric</b> column is one feature. A missing cell is an error, or with {@code missing =
 *       impute} a NaN that {@link Preprocessing} fills with the training mean, plus, when asked, a
 *       0/1 feature {@code <column>_missing}.
 *   <li>A <b>categorical</b> column (most of its values are not numbers, or it is listed as
 *       categorical) is one-hot encoded: one 0/1 feature {@code <column>=<category>} per category of
 *       the training rows, sorted, and with {@code impute} a category {@value #MISSING} when the
 *       training rows have missing cells. A category the training rows did not have is an error
 *       naming the column and the value, or with {@code unseen-category = ignore} all zeros.
 * </ul>
 *
 * @param columns the table's input columns, in the order of the features
 * @param missingValues the cell texts that mean "missing"
 * @param impute whether missing cells are filled (else they are errors)
 * @param ignoreUnseen whether an unseen category is encoded as all zeros (else an error)
 */
public record TableEncoding(List<Column> columns, List<String> missingValues, boolean impute, boolean ignoreUnseen) {

    /** The category of a missing cell of a categorical column, with {@code missing = impute}. */
    public static final String MISSING = "(missing)";

    /** One input column of the table. */
    public sealed interface Column permits Numeric, Categorical {

        /** The column's name in the table. */
        String name();

        /** The names of the features it becomes. */
        List<String> featureNames();
    }

    /**
     * A column of numbers.
     *
     * @param name the column
     * @param indicator whether a feature {@code <name>_missing} follows it
     */
    public record Numeric(String name, boolean indicator) implements Column {
        @Override
        public List<String> featureNames() {
            return indicator ? List.of(name, name + "_missing") : List.of(name);
        }
    }

    /**
     * A column of categories, one-hot encoded.
     *
     * @param name the column
     * @param categories its categories in feature order
     */
    public record Categorical(String name, List<String> categories) implements Column {

        /** Copies the list. */
        public Categorical {
            categories = List.copyOf(categories);
        }

        @Override
        public List<String> featureNames() {
            return categories.stream().map(c -> name + "=" + c).toList();
        }
    }

    /** Copies the lists. */
    public TableEncoding {
        columns = List.copyOf(columns);
        missingValues = List.copyOf(missingValues);
    }

    /**
     * Fits the encoding of {@code names} on the rows {@code trainRows} of {@code table}.
     *
     * @throws DataFormatException naming the file, line and column of a number column's text cell
     */
    public static TableEncoding fit(CsvReader.Table table, List<String> names, int[] trainRows, CsvOptions options) {
        boolean impute = options.missing().equals("impute");
        List<Column> columns = new ArrayList<>();
        for (String name : names) {
            int c = table.column(name);
            boolean missingInTraining = false;
            for (int r : trainRows) {
                missingInTraining |= options.isMissing(table.rows().get(r).get(c));
            }
            if (isCategorical(table, c, options)) {
                TreeSet<String> categories = new TreeSet<>();
                for (int r : trainRows) {
                    String cell = table.rows().get(r).get(c);
                    if (!options.isMissing(cell)) {
                        categories.add(cell);
                    }
                }
                List<String> ordered = new ArrayList<>(categories);
                if (impute && missingInTraining) {
                    ordered.add(MISSING);
                }
                columns.add(new Categorical(name, ordered));
            } else {
                columns.add(new Numeric(name, impute && options.missingIndicators() && missingInTraining));
            }
        }
        return new TableEncoding(columns, options.missingValues(), impute, options.unseenCategory().equals("ignore"));
    }

    /**
     * A column is categorical when it is listed so, or when most of its non-missing cells are not
     * numbers; a number column with a few text cells is an error naming the first of them.
     */
    private static boolean isCategorical(CsvReader.Table table, int c, CsvOptions options) {
        String name = table.header().get(c);
        if (options.categorical().contains(name)) {
            return true;
        }
        int numbers = 0;
        int texts = 0;
        int firstText = -1;
        for (int r = 0; r < table.rows().size(); r++) {
            String cell = table.rows().get(r).get(c);
            if (options.isMissing(cell)) {
                continue;
            }
            if (parses(cell)) {
                numbers++;
            } else {
                texts++;
                firstText = firstText < 0 ? r : firstText;
            }
        }
        if (texts > 0 && texts <= numbers) {
            throw new DataFormatException(where(table, firstText, c) + ": '" + table.rows().get(firstText).get(c)
                    + "' is not a number, but " + numbers + " of the column's " + (numbers + texts)
                    + " values are (list the column in categorical to read its values as categories)");
        }
        return texts > 0;
    }

    private static boolean parses(String cell) {
        try {
            Float.parseFloat(cell);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The names of the features, column by column. */
    public List<String> featureNames() {
        return columns.stream().flatMap(c -> c.featureNames().stream()).toList();
    }

    /** The names of the table's input columns. */
    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    /** For each feature, the index of the column it comes from. */
    public int[] columnOfFeature() {
        List<Integer> of = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            for (int k = 0; k < columns.get(c).featureNames().size(); k++) {
                of.add(c);
            }
        }
        return of.stream().mapToInt(Integer::intValue).toArray();
    }

    /** For each feature, whether it is a measured number (standardised) rather than a 0/1 indicator. */
    public boolean[] measured() {
        List<Boolean> out = new ArrayList<>();
        for (Column c : columns) {
            for (String f : c.featureNames()) {
                out.add(c instanceof Numeric && f.equals(c.name()));
            }
        }
        boolean[] m = new boolean[out.size()];
        for (int j = 0; j < m.length; j++) {
            m[j] = out.get(j);
        }
        return m;
    }

    /** Whether every column is a number column without indicator: features and columns coincide. */
    public boolean oneFeaturePerColumn() {
        return columns.stream().allMatch(c -> c instanceof Numeric n && !n.indicator());
    }

    /**
     * The features of {@code rows} of {@code table}, row-major; the columns are found by name.
     *
     * @throws DataFormatException naming file, line, column and value for a missing column, a
     *     missing cell where missing cells are errors, a text cell in a number column, an unseen
     *     category
     */
    public float[] encode(CsvReader.Table table, int[] rows) {
        int[] index = columns.stream().mapToInt(c -> table.column(c.name())).toArray();
        int p = featureNames().size();
        float[] x = new float[rows.length * p];
        for (int k = 0; k < rows.length; k++) {
            List<String> row = table.rows().get(rows[k]);
            int j = k * p;
            for (int c = 0; c < columns.size(); c++) {
                String cell = row.get(index[c]);
                boolean missing = missingValues.contains(cell);
                if (missing && !impute) {
                    throw new DataFormatException(where(table, rows[k], index[c])
                            + ": the value is missing (set missing = impute to fill it from the training split)");
                }
                if (columns.get(c) instanceof Numeric n) {
                    x[j++] = missing ? Float.NaN : number(cell, table, rows[k], index[c]);
                    if (n.indicator()) {
                        x[j++] = missing ? 1f : 0f;
                    }
                } else if (columns.get(c) instanceof Categorical cat) {
                    int at = cat.categories().indexOf(missing ? MISSING : cell);
                    if (at < 0 && !ignoreUnseen) {
                        throw new DataFormatException(where(table, rows[k], index[c]) + ": "
                                + (missing ? "a missing value, which the training rows did not have"
                                        : "category '" + cell + "' did not occur in the training rows")
                                + "; known: " + cat.categories()
                                + " (unseen-category = ignore encodes it as all zeros)");
                    }
                    if (at >= 0) {
                        x[j + at] = 1f;
                    }
                    j += cat.categories().size();
                }
            }
        }
        return x;
    }

    private static float number(String cell, CsvReader.Table table, int r, int c) {
        float v;
        try {
            v = Float.parseFloat(cell);
        } catch (NumberFormatException e) {
            throw new DataFormatException(where(table, r, c) + ": '" + cell + "' is not a number");
        }
        if (!Float.isFinite(v)) {
            throw new DataFormatException(where(table, r, c) + ": " + cell
                    + " is not allowed in the data (write a missing value, e.g. an empty cell, instead)");
        }
        return v;
    }

    private static String where(CsvReader.Table table, int r, int c) {
        return String.format("%s:%d, column %d '%s'", table.location(), table.lines().get(r), c + 1, table.header().get(c));
    }

    /** The encoding as JSON-ready maps and lists, as {@code preprocessing.json} records it. */
    public Map<String, Object> describe() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Column c : columns) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            if (c instanceof Numeric n) {
                m.put("kind", "numeric");
                m.put("missing_indicator", n.indicator());
            } else if (c instanceof Categorical cat) {
                m.put("kind", "categorical");
                m.put("categories", cat.categories());
            }
            m.put("features", c.featureNames());
            list.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("columns", list);
        out.put("missing_values", missingValues);
        out.put("missing", impute ? "impute" : "error");
        out.put("unseen_category", ignoreUnseen ? "ignore" : "error");
        return out;
    }
}
