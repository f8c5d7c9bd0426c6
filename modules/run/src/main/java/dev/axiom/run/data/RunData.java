package dev.axiom.run.data;

import dev.axiom.attribution.Explanation;
import dev.axiom.data.Dataset;
import dev.axiom.data.Preprocessing;
import dev.axiom.data.TableEncoding;
import dev.axiom.prior.graph.FeatureGraph;
import java.util.List;
import java.util.Map;

/**
 * The data of a run, preprocessed: the three splits, the preprocessing fitted on the training
 * split, the feature graph (if any), class names, and the files read with their SHA-256.
 *
 * @param train training split
 * @param validation validation split
 * @param test test split
 * @param preprocessing fitted on the training split, applied to all three
 * @param graph feature graph, or null
 * @param classNames names of the classes (empty when unknown or not a classification)
 * @param files data files read, with their SHA-256
 * @param image whether samples are images {@code (channels, height, width)}
 * @param encoding how a table's columns became the features (fitted on the training split), or
 *     null for images
 */
public record RunData(
        Dataset train,
        Dataset validation,
        Dataset test,
        Preprocessing preprocessing,
        FeatureGraph graph,
        List<String> classNames,
        Map<String, String> files,
        boolean image,
        TableEncoding encoding) {

    /** The split named {@code train}, {@code validation} or {@code test}. */
    public Dataset split(String name) {
        return switch (name) {
            case "train" -> train;
            case "validation" -> validation;
            case "test" -> test;
            default -> throw new IllegalArgumentException(
                    "unknown split '" + name + "'; known: train, validation, test");
        };
    }

    /** The name of class (or binary label value) {@code index}: its name when known, else "class N". */
    public String className(int index) {
        return index >= 0 && index < classNames.size() ? classNames.get(index) : "class " + index;
    }

    /**
     * What {@code preprocessing.json} records: the features' names, the columns' encoding, the
     * label values, and each feature's mean and scale.
     */
    public Map<String, Object> preprocessingRecord() {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("features", image ? List.of() : train.featureNames());
        if (encoding != null) {
            out.put("encoding", encoding.describe());
        }
        out.put("label_values", classNames);
        out.put("mean", preprocessing.mean());
        out.put("scale", preprocessing.scale());
        out.put("standardize", preprocessing.standardize());
        return out;
    }

    /**
     * Whether a table's columns were encoded into more features than columns (one-hot features,
     * missing indicators), so that explanations speak of columns only after {@link #byColumn}.
     */
    public boolean encodedColumns() {
        return encoding != null && !encoding.oneFeaturePerColumn();
    }

    /** {@code e} with one attribution per column of the table (see {@link Explanation#summedBy}); else {@code e}. */
    public Explanation byColumn(Explanation e) {
        return encodedColumns() ? e.summedBy(encoding.columnOfFeature()) : e;
    }

    /** The names of what {@link #byColumn} attributes to: the table's columns, else the features. */
    public List<String> columnNames() {
        return encodedColumns() ? encoding.columnNames() : train.featureNames();
    }

    /** Number of network outputs the labels need. */
    public int outputs() {
        if (train.labelKind() == Dataset.LabelKind.REAL) {
            return train.labelWidth();
        }
        int max = 0;
        for (Dataset d : List.of(train, validation, test)) {
            for (int i = 0; i < d.size(); i++) {
                max = Math.max(max, (int) d.label(i, 0));
            }
        }
        return max + 1;
    }
}
