package dev.axiom.data;

import java.util.List;

/**
 * How to read a table from CSV.
 *
 * @param labelColumn the column holding the label
 * @param labelKind {@code class} (class indices; numeric labels 0..K−1 are kept, text labels are
 *     mapped to their sorted distinct values or to {@code labelValues}), {@code binary} (0/1 targets
 *     for binary cross-entropy; two text values map likewise) or {@code real} (regression)
 * @param features the feature columns, in order; empty means every column but the label, the id
 *     and the dropped ones
 * @param dropColumns columns to ignore
 * @param idColumn a column identifying rows (ignored as a feature; used to join a label file), or
 *     null
 * @param missing what a missing feature cell means: {@code error} (report it), or {@code impute}
 *     (a numeric cell is kept as missing, to be filled with the training mean by {@link
 *     Preprocessing}; a text cell becomes the column's own {@link TableEncoding#MISSING} category)
 * @param dropUnlabelled drop rows whose label is missing (otherwise they are errors)
 * @param missingValues the cell texts that mean "missing" (compared after trimming)
 * @param missingIndicators with {@code impute}: add a 0/1 feature {@code <column>_missing} for each
 *     numeric column with missing cells in the training rows
 * @param unseenCategory a category the training rows did not have: {@code error} (report the
 *     column and value) or {@code ignore} (all its one-hot features 0)
 * @param categorical columns that are categories even though their values are numbers (codes);
 *     other columns are categorical when a value is not a number
 * @param labelValues the label's values in index order (text or numbers); empty: numeric labels
 *     as they are, text labels sorted
 */
public record CsvOptions(
        String labelColumn,
        String labelKind,
        List<String> features,
        List<String> dropColumns,
        String idColumn,
        String missing,
        boolean dropUnlabelled,
        List<String> missingValues,
        boolean missingIndicators,
        String unseenCategory,
        List<String> categorical,
        List<String> labelValues) {

    /** The texts read as a missing value unless a run says otherwise. */
    public static final List<String> DEFAULT_MISSING_VALUES = List.of("", "NA", "NaN", "?");

    /** Validates the choices. */
    public CsvOptions {
        features = List.copyOf(features);
        dropColumns = List.copyOf(dropColumns);
        missingValues = List.copyOf(missingValues);
        categorical = List.copyOf(categorical);
        labelValues = List.copyOf(labelValues);
        if (!List.of("class", "binary", "real").contains(labelKind)) {
            throw new IllegalArgumentException("label kind must be class, binary or real, got '" + labelKind + "'");
        }
        if (!List.of("error", "impute").contains(missing)) {
            throw new IllegalArgumentException("missing must be error or impute, got '" + missing + "'");
        }
        if (!List.of("error", "ignore").contains(unseenCategory)) {
            throw new IllegalArgumentException("unseen-category must be error or ignore, got '" + unseenCategory + "'");
        }
        if (labelKind.equals("binary") && !labelValues.isEmpty() && labelValues.size() != 2) {
            throw new IllegalArgumentException("a binary label has two values, label-values gives " + labelValues);
        }
        if (labelValues.stream().distinct().count() != labelValues.size()) {
            throw new IllegalArgumentException("label-values lists a value twice: " + labelValues);
        }
    }

    /** The options of tables with numbers only: default missing values, no indicators, no label values. */
    public CsvOptions(
            String labelColumn, String labelKind, List<String> features, List<String> dropColumns,
            String idColumn, String missing, boolean dropUnlabelled) {
        this(labelColumn, labelKind, features, dropColumns, idColumn, missing, dropUnlabelled,
                DEFAULT_MISSING_VALUES, false, "error", List.of(), List.of());
    }

    /** All columns but {@code labelColumn} as features; missing cells are errors. */
    public static CsvOptions of(String labelColumn, String labelKind) {
        return new CsvOptions(labelColumn, labelKind, List.of(), List.of(), null, "error", false);
    }

    /** These options with another feature list (to read a table with a trained run's columns). */
    public CsvOptions withFeatures(List<String> columns) {
        return new CsvOptions(labelColumn, labelKind, columns, dropColumns, idColumn, missing, dropUnlabelled,
                missingValues, missingIndicators, unseenCategory, categorical, labelValues);
    }

    /** These options with the label values fixed (a trained run's). */
    public CsvOptions withLabelValues(List<String> values) {
        return new CsvOptions(labelColumn, labelKind, features, dropColumns, idColumn, missing, dropUnlabelled,
                missingValues, missingIndicators, unseenCategory, categorical, values);
    }

    /** Whether {@code cell} is a missing value. */
    public boolean isMissing(String cell) {
        return missingValues.contains(cell);
    }
}
