package dev.axiom.run.data;

import dev.axiom.data.Dataset;
import dev.axiom.data.Preprocessing;
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
 */
public record RunData(
        Dataset train,
        Dataset validation,
        Dataset test,
        Preprocessing preprocessing,
        FeatureGraph graph,
        List<String> classNames,
        Map<String, String> files,
        boolean image) {

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
