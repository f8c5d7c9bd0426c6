package dev.axiom.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.axiom.data.Batch;
import dev.axiom.data.Dataset;
import dev.axiom.nn.Network;
import dev.axiom.nn.Parameter;
import dev.axiom.prior.GlobalImportance;
import dev.axiom.run.config.RunSettings;
import dev.axiom.run.config.SettingsException;
import dev.axiom.run.config.SettingsLoader;
import dev.axiom.run.data.DataLoader;
import dev.axiom.run.data.RunData;
import dev.axiom.tensor.Rng;
import dev.axiom.train.GradientStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code axiom.prior.group-categorical}: the Gini prior of a linear model on a table with a 3-level
 * text column and two number columns is the negative Gini coefficient of the per-column importance,
 * computed here by hand from the weights and the rows (gradient × input of a linear model is
 * {@code w_j x_j}; a column's attribution sums its one-hot features).
 */
class GroupedPriorTest {

    @TempDir
    Path tmp;

    @Test
    void theGroupedGiniPriorEqualsAHandComputationOverColumns() throws IOException {
        RunSettings settings = settings("axiom.prior.group-categorical = true");
        RunData data = DataLoader.load(settings);
        assertThat(data.train().featureNames())
                .containsExactly("colour=blue", "colour=green", "colour=red", "size", "weight");
        double grouped = penalty(settings, data, new int[] {0, 0, 0, 1, 2}, 3);

        RunSettings flat = settings("axiom.prior.group-categorical = false");
        double ungrouped = penalty(flat, DataLoader.load(flat), new int[] {0, 1, 2, 3, 4}, 5);
        assertThat(grouped).isNotCloseTo(ungrouped, within(1e-3));
    }

    @Test
    void groupingIsRefusedForImagesAndForPriorsThatDoNotReadColumnAttributions() throws IOException {
        RunSettings weights = settings("axiom.prior.group-categorical = true", "axiom.prior.kind = weight-l1");
        RunData table = DataLoader.load(weights);
        RunSettings images = RunSettings.from(SettingsLoader.load(null, List.of(
                "axiom.prior.group-categorical = true", "axiom.prior.kind = gini")));
        RunData pixels = DataLoader.load(images);
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> Objectives.objective(weights, table, table.train().features(m), null))
                    .isInstanceOf(SettingsException.class)
                    .hasMessageContaining("group-categorical")
                    .hasMessageContaining("not to weight-l1");
            assertThatThrownBy(() -> Objectives.objective(images, pixels, pixels.train().features(m), null))
                    .isInstanceOf(SettingsException.class)
                    .hasMessage("axiom.prior.group-categorical = true needs a CSV table, but the data are images");
        }
    }

    /**
     * The prior's value on the whole training split, checked against {@code −G(ψ̄)} by hand with
     * {@code ψ_ic = Σ_{j ∈ c} w_j x_ij} and the pairwise Gini formula; returns the value.
     */
    private static double penalty(RunSettings settings, RunData data, int[] columnOf, int columns) {
        Dataset train = data.train();
        int n = train.size();
        int p = train.featureCount();
        try (NDManager m = NDManager.newBaseManager();
                Network net = Models.network(settings.model(), train.sampleShape(), data.outputs(), 3)) {
            GradientStep step = new GradientStep(net, Objectives.objective(settings, data, train.features(m), null));
            int[] all = new int[n];
            java.util.Arrays.setAll(all, i -> i);
            Batch batch = train.batch(all, m, DataType.FLOAT32);
            double value = step.accumulate(batch, new Rng(1), GlobalImportance.batchMean()).penalties().get("gini");

            float[] w = weights(net);
            double[] importance = new double[columns];
            for (int i = 0; i < n; i++) {
                double[] psi = new double[columns];
                for (int j = 0; j < p; j++) {
                    psi[columnOf[j]] += w[j] * train.feature(i, j);
                }
                for (int c = 0; c < columns; c++) {
                    importance[c] += Math.abs(psi[c]) / n;
                }
            }
            double pairs = 0;
            double sum = 0;
            for (double a : importance) {
                sum += a;
                for (double b : importance) {
                    pairs += Math.abs(a - b);
                }
            }
            double gini = pairs / (2 * columns * sum);
            assertThat(value).isCloseTo(-gini, within(1e-5 * Math.max(1, gini)));
            assertThat(gini).isGreaterThan(0.01);
            return value;
        }
    }

    private static float[] weights(Network net) {
        for (Parameter parameter : net.parameters()) {
            if (parameter.name().endsWith("weight")) {
                return parameter.array().toFloatArray();
            }
        }
        throw new AssertionError("no weight among " + net.parameters());
    }

    private RunSettings settings(String... more) throws IOException {
        Path table = tmp.resolve("t.csv");
        List<String> rows = new ArrayList<>(List.of("colour,size,weight,y"));
        String[] colours = {"red", "green", "blue"};
        for (int i = 0; i < 24; i++) {
            rows.add(colours[i % 3] + "," + (1 + i % 5) + "," + (0.5 * (i % 7) - 1) + "," + (i % 2));
        }
        Files.write(table, rows);
        List<String> overrides = new ArrayList<>(List.of(
                "axiom.data.format = csv",
                "axiom.data.csv.path = \"" + table + "\"",
                "axiom.data.csv.label-column = y",
                "axiom.data.standardize = false",
                "axiom.data.validation-fraction = 0",
                "axiom.data.test-fraction = 0.25",
                "axiom.model.architecture = layers",
                "axiom.model.layers = [\"linear(1)\"]",
                "axiom.attribution.method = gradxinput",
                "axiom.attribution.target = output-0",
                "axiom.prior.kind = gini",
                "axiom.prior.weight = 1"));
        overrides.addAll(List.of(more));
        return RunSettings.from(SettingsLoader.load(null, overrides));
    }
}
