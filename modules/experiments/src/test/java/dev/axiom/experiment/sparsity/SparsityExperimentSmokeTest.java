package dev.axiom.experiment.sparsity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.axiom.experiment.ExperimentOptions;
import dev.axiom.experiment.Experiments;
import dev.axiom.run.Json;
import dev.axiom.run.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the whole experiment at a tiny scale and checks results.json, the report and the figures. */
class SparsityExperimentSmokeTest {

    @TempDir
    Path out;

    @Test
    void tinyRunWritesEveryExpectedNumber() throws Exception {
        SparsityScale tiny = new SparsityScale(3, 1, new double[] {0.01}, new int[] {8}, 3, 0.1, 0.9, 2, 20, 2, 100, 100);
        Experiments.run(new SparsityExperiment(tiny), new ExperimentOptions(out, true, 0, Map.of()),
                List.of("axiom", "experiment", "sparsity"), Progress.silent());

        JsonNode root = Json.MAPPER.readTree(out.resolve("results.json").toFile());
        JsonNode models = root.path("results").path("models");
        for (SparsityModel m : SparsityModel.values()) {
            for (String metric : List.of("test_roc_auc_mean", "test_roc_auc_2se", "gini_mean", "gini_2se", "chosen_lambda")) {
                JsonNode v = models.path(m.key()).path(metric);
                assertThat(v.isNumber()).as("%s/%s", m.key(), metric).isTrue();
                assertThat(Double.isFinite(v.asDouble())).as("%s/%s", m.key(), metric).isTrue();
            }
            if (m != SparsityModel.GINI_EG) {
                JsonNode c = root.path("results").path("comparisons").path("gini_eg_vs_" + m.key());
                assertThat(c.path("t").isNumber()).as("t vs %s", m.key()).isTrue();
                assertThat(c.path("p").asDouble()).as("p vs %s", m.key()).isBetween(0.0, 1.0);
            }
        }
        assertThat(models.path("gini_eg").path("chosen_lambda").asDouble()).isEqualTo(0.01);
        assertThat(root.path("verdict").asText()).containsAnyOf("HELD", "DID NOT HOLD");
        assertThat(root.path("non_finite")).isEmpty();
        assertThat(out.resolve("figures/lorenz.png")).exists();
        assertThat(out.resolve("figures/validation_auc_vs_gini.png")).exists();
        assertThat(Files.readString(out.resolve("report.md"))).contains("What was scaled down", "Paired t-tests");
        // A rerun with the same folder redoes nothing: every unit is in the work log.
        long lines = Files.readAllLines(out.resolve("work.jsonl")).size();
        Experiments.run(new SparsityExperiment(tiny), new ExperimentOptions(out, true, 0, Map.of()),
                List.of("axiom", "experiment", "sparsity"), Progress.silent());
        assertThat(Files.readAllLines(out.resolve("work.jsonl"))).hasSize((int) lines);
    }
}
