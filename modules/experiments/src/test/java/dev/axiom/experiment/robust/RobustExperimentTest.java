package dev.axiom.experiment.robust;

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

/** The robust experiment end to end at a tiny scale, and resumed from its work log. */
class RobustExperimentTest {

    @TempDir
    Path tmp;

    @Test
    void tinyRunWritesEveryResultFiniteAndResumesWithoutRetraining() throws Exception {
        ExperimentOptions options = new ExperimentOptions(tmp, true, 0, Map.of());
        Experiments.run(new RobustExperiment(RobustScale.tiny()), options, List.of("test"), Progress.silent());

        JsonNode json = Json.MAPPER.readTree(tmp.resolve("results.json").toFile());
        assertThat(json.get("experiment").asText()).isEqualTo("robust");
        assertThat(json.get("non_finite")).isEmpty();
        JsonNode models = json.get("results").get("models");
        assertThat(RobustExperiment.MODELS).allSatisfy(m -> {
            assertThat(models.has(m)).as(m).isTrue();
            for (String metric : List.of("natural_accuracy_mean", "adversarial_accuracy_mean", "topk_intersection_mean",
                    "kendall_tau_mean", "spearman_rho_mean", "attack_success_rate_mean")) {
                assertThat(models.get(m).get(metric).isNumber()).as(m + " " + metric).isTrue();
            }
            assertThat(models.get(m).get("natural_accuracy_mean").asDouble()).isBetween(0.0, 1.0);
            assertThat(models.get(m).get("topk_intersection_mean").asDouble()).isBetween(0.0, 1.0);
            assertThat(models.get(m).get("kendall_tau_mean").asDouble()).isBetween(-1.0, 1.0);
            assertThat(models.get(m).get("attacked_images_mean").asDouble()).isGreaterThan(0);
        });
        assertThat(json.has("claim_ig_norm_raises_kendall")).isTrue();
        String report = Files.readString(tmp.resolve("report.md"));
        assertThat(report).contains("Results (the paper's layout)", "figures/attacks.png", "What was scaled down", "Time taken");
        assertThat(tmp.resolve("figures/attacks.png")).isNotEmptyFile();
        assertThat(tmp.resolve("figures/kendall.png")).isNotEmptyFile();

        long units = Files.readAllLines(tmp.resolve("work.jsonl")).size();
        assertThat(units).isEqualTo(4);
        Experiments.run(new RobustExperiment(RobustScale.tiny()), options, List.of("test"), Progress.silent());
        assertThat(Files.readAllLines(tmp.resolve("work.jsonl"))).as("nothing is trained again").hasSize((int) units);
    }
}
