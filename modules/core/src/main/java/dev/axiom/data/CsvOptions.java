package dev.axiom.data;

import java.util.List;

/**
 * How to read a table from CSV.
 *
 * @param labelColumn the column holding the label
 * @param labelKind {@code class} (class indices; numeric labels 0..K−1 are kept, anything else is
 *     mapped to sorted distinct values), {@code binary} (0/1 targets for binary cross-entropy) or
 *     {@code real} (regression)
 * @param features the feature columns, in order; empty means every column but the label, the id
 *     and the dropped ones
 * @param dropColumns columns to ignore
 * @param idColumn a column identifying rows (ignored as a feature; used to join a label file), or
 *     null
 * @param missing what an empty feature cell means: {@code error} (report it), or {@code impute}
 *     (keep it as missing, to be filled by {@link Preprocessing} from the training split)
 * @param dropUnlabelled drop rows whose label is empty or {@code NA} (otherwise they are errors)
 */
public record CsvOptions(
        String labelColumn,
        String labelKind,
        List<String> features,
        List<String> dropColumns,
        String idColumn,
        String missing,
        boolean dropUnlabelled) {

    /** Validates the choices. */
    public CsvOptions {
        features = List.copyOf(features);
        dropColumns = List.copyOf(dropColumns);
        if (!List.of("class", "binary", "real").contains(labelKind)) {
            throw new IllegalArgumentException("label kind must be class, binary or real, got '" + labelKind + "'");
        }
        if (!List.of("error", "impute").contains(missing)) {
            throw new IllegalArgumentException("missing must be error or impute, got '" + missing + "'");
        }
    }

    /** All numeric columns but {@code labelColumn} as features; missing cells are errors. */
    public static CsvOptions of(String labelColumn, String labelKind) {
        return new CsvOptions(labelColumn, labelKind, List.of(), List.of(), null, "error", false);
    }
}
