package dev.axiom.experiment.benchmark;

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

/** Runs the whole experiment at a tiny scale and checks results.json, the report and resuming. */
class BenchmarkExperimentSmokeTest {

    static final BenchmarkExperiment.Scale TINY = new BenchmarkExperiment.Scale(12, 150, 15,
            new TrainedRegressor.Training(new int[] {8}, 3, 50, 1e-2), 4, 4, 4, 3, 1, 1);

    @Test
    void runsAtATinyScaleWithEveryKeyAndFiniteNumbers(@TempDir Path out) throws Exception {
        ExperimentOptions options = new ExperimentOptions(out, true, 2, Map.of());
        Experiments.run(new BenchmarkExperiment(TINY), options, List.of("test"), Progress.silent());

        JsonNode root = Json.MAPPER.readTree(out.resolve("results.json").toFile());
        assertThat(root.get("non_finite")).isEmpty();
        for (String set : List.of("Independent Linear 12", "Correlated Groups 12")) {
            JsonNode section = root.get("results").get(set);
            assertThat(section).as(set).isNotNull();
            for (AttributionMethod m : AttributionMethod.values()) {
                for (BenchmarkMetric metric : BenchmarkMetric.all()) {
                    assertThat(section.get(m.key()).get(metric.key() + "_mean").isNumber()).as(m + " " + metric.key()).isTrue();
                    assertThat(section.get(m.key()).get(metric.key() + "_sd").isNumber()).isTrue();
                }
            }
            assertThat(section.get("summary").get("eg_best_count").asDouble()).isBetween(0.0, 18.0);
            assertThat(section.get("eg_vs_ig").get("keep_positive_mean_p").isNumber()).isTrue();
            assertThat(section.get("model").get("test_r2_mean").isNumber()).isTrue();
        }
        assertThat(root.get("verdict_independent").asText()).contains("EG best on");
        assertThat(root.get("verdict_correlated").asText()).contains("EG best on");
        assertThat(root.get("paper").get("Correlated Groups 12").get("EG").get("eg_best_count").asInt()).isEqualTo(17);
        String report = Files.readString(out.resolve("report.md"));
        assertThat(report).contains("Keep Positive (mean)", "Remove Absolute (impute)", "What was scaled down", "figures/correlated-keep_positive_mean.png");
        assertThat(out.resolve("figures/independent-keep_absolute_impute.png")).exists();

        // a rerun with the same folder reuses every unit of work and gives the same numbers
        long lines = Files.readAllLines(out.resolve("work.jsonl")).size();
        assertThat(lines).isEqualTo(4);
        Experiments.run(new BenchmarkExperiment(TINY), options, List.of("test"), Progress.silent());
        assertThat(Files.readAllLines(out.resolve("work.jsonl"))).hasSize(4);
        JsonNode again = Json.MAPPER.readTree(out.resolve("results.json").toFile());
        assertThat(again.get("results")).isEqualTo(root.get("results"));
    }
}
