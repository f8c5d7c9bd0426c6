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
            for (String metric : List.of("natural_accuracy_mean", "adversarial_accuracy_mean", "topk_mean", "topk_ci_low",
                    "topk_ci_high", "kendall_mean", "kendall_ci_low", "kendall_ci_high", "spearman_mean", "success_mean", "steps_mean")) {
                assertThat(models.get(m).get(metric).isNumber()).as(m + " " + metric).isTrue();
            }
            assertThat(models.get(m).get("natural_accuracy_mean").asDouble()).isBetween(0.0, 1.0);
            assertThat(models.get(m).get("topk_mean").asDouble()).isBetween(0.0, 1.0);
            assertThat(models.get(m).get("kendall_mean").asDouble()).isBetween(-1.0, 1.0)
                    .isBetween(models.get(m).get("kendall_ci_low").asDouble(), models.get(m).get("kendall_ci_high").asDouble());
            assertThat(models.get(m).get("attacked_images").asInt()).as("the tiny scale attacks 6 images").isEqualTo(6);
        });
        assertThat(json.get("claim_ig_norm").asText()).isIn("held", "did not hold", "not resolved (an interval holds 0)");
        assertThat(json.get("finished").asBoolean()).isTrue();
        String report = Files.readString(tmp.resolve("report.md"));
        assertThat(report).contains("Results (the paper's layout)", "The attack beside the paper's", "Chen et al.'s code",
                "figures/attacks.png", "Training beside the paper's", "What was scaled down", "Time taken");
        assertThat(tmp.resolve("figures/attacks.png")).isNotEmptyFile();
        assertThat(tmp.resolve("figures/kendall.png")).isNotEmptyFile();

        List<String> lines = Files.readAllLines(tmp.resolve("work.jsonl"));
        assertThat(lines).as("4 trainings, 2 attack units of 4 + 2 images each, the panel").hasSize(4 + 8 + 1);
        Experiments.run(new RobustExperiment(RobustScale.tiny()), options, List.of("test"), Progress.silent());
        assertThat(Files.readAllLines(tmp.resolve("work.jsonl"))).as("nothing is trained again").hasSize(lines.size());

        // Continued elsewhere: the trained models are gone (not committed) and natural's last attack unit is not done.
        // The model is trained again, must reach the natural accuracy the log holds, and its attack unit comes out as before.
        String lastNatural = lines.stream().filter(l -> l.contains("\"natural-seed0/attack-1\"")).findFirst().orElseThrow();
        Files.write(tmp.resolve("work.jsonl"), lines.stream().filter(l -> !l.equals(lastNatural)).toList());
        try (java.util.stream.Stream<Path> walk = Files.walk(tmp.resolve("runs"))) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Experiments.run(new RobustExperiment(RobustScale.tiny()), options, List.of("test"), Progress.silent());
        String redone = Files.readAllLines(tmp.resolve("work.jsonl")).stream()
                .filter(l -> l.contains("\"natural-seed0/attack-1\"")).findFirst().orElseThrow();
        assertThat(Json.MAPPER.readTree(redone).get("values")).isEqualTo(Json.MAPPER.readTree(lastNatural).get("values"));
    }
}
