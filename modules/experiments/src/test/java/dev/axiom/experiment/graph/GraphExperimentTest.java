package dev.axiom.experiment.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

/** Runs the experiment end to end at a tiny scale on the embedded data, and checks its outputs. */
class GraphExperimentTest {

    @TempDir
    Path out;

    @Test
    void tinyRunWritesFiniteResultsForEveryModelAndResumes() throws Exception {
        ExperimentOptions options = new ExperimentOptions(out, true, 0, Map.of());
        Experiments.run(new GraphExperiment(GraphExperiment.Scale.tiny()), options, List.of("test"), Progress.silent());
        JsonNode root = Json.MAPPER.readTree(out.resolve("results.json").toFile());
        // Only a t-test may be undefined (identical differences in both tiny retrainings).
        root.get("non_finite").forEach(key -> assertThat(key.asText()).containsPattern("/[tp]_(auc|accuracy)_vs_eg_graph$"));
        for (String target : List.of("bcr_abl", "mdr_pos")) {
            JsonNode section = root.get("results").get(target);
            for (Model m : Model.values()) {
                JsonNode model = section.get(m.key);
                for (String metric : List.of("auc_mean", "auc_sd", "accuracy_mean", "accuracy_sd", "roughness_mean", "nu", "abl1_rank")) {
                    assertThat(model.get(metric).isNumber()).as(target + "/" + m.key + "/" + metric).isTrue();
                }
                assertThat(root.get("top_genes." + target + "." + m.key)).hasSize(10);
                if (m != Model.EG_GRAPH) {
                    assertThat(model.has("t_auc_vs_eg_graph")).isTrue();
                    assertThat(model.has("p_auc_vs_eg_graph")).isTrue();
                    assertThat(model.get("auc_diff_eg_minus_this").isNumber()).isTrue();
                }
            }
            assertThat(root.get("verdict." + target + ".eg_graph_vs_baseline").asText()).isNotBlank();
        }
        assertThat(section(root, "bcr_abl", "data").get("samples").asInt()).isEqualTo(79);
        assertThat(section(root, "bcr_abl", "data").get("positives").asInt()).isEqualTo(37);
        assertThat(root.get("paper").get("bcr_abl").get("eg_graph").get("t_vs_baseline").asDouble()).isEqualTo(3.59);
        assertThat(Files.readString(out.resolve("report.md"))).contains("What was scaled down", "ABL1 rank");
        assertThat(out.resolve("figures/test-auc-bcr_abl.png")).exists();
        assertThat(out.resolve("figures/top-genes-bcr_abl-eg_graph.png")).exists();

        // A second run with the same folder redoes nothing and gives the same numbers.
        long lines = Files.readAllLines(out.resolve("work.jsonl")).size();
        Experiments.run(new GraphExperiment(GraphExperiment.Scale.tiny()), options, List.of("test"), Progress.silent());
        assertThat(Files.readAllLines(out.resolve("work.jsonl"))).hasSize((int) lines);
        JsonNode again = Json.MAPPER.readTree(out.resolve("results.json").toFile());
        assertThat(again.get("results")).isEqualTo(root.get("results"));
    }

    @Test
    void aMissingDataFolderIsNamed() {
        assertThatThrownBy(() -> LeukemiaTask.locate(out.resolve("nowhere")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("all_expression.csv").hasMessageContaining("--data all-leukemia=PATH");
    }

    private static JsonNode section(JsonNode root, String target, String model) {
        return root.get("results").get(target).get(model);
    }
}
