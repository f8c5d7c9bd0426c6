package dev.axiom.experiment.pixel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.axiom.experiment.ExperimentOptions;
import dev.axiom.experiment.Experiments;
import dev.axiom.experiment.StopRequest;
import dev.axiom.run.Json;
import dev.axiom.run.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pixel experiment end to end at a tiny scale, and resumed from its work log. */
class PixelExperimentTest {

    @TempDir
    Path tmp;

    @Test
    void tinyRunWritesEveryResultFiniteAndResumesWithoutRetraining() throws Exception {
        ExperimentOptions options = new ExperimentOptions(tmp, true, 0, Map.of());
        Experiments.run(new PixelExperiment(PixelScale.tiny()), options, List.of("test"), Progress.silent());

        JsonNode json = Json.MAPPER.readTree(tmp.resolve("results.json").toFile());
        assertThat(json.get("experiment").asText()).isEqualTo("pixel");
        assertThat(json.get("non_finite")).isEmpty();
        JsonNode models = json.get("results").get("models");
        assertThat(List.of("baseline", "eg-pixel (1 %)", "eg-pixel (10 %)", "grad-pixel (1 %)", "grad-pixel (10 %)"))
                .allSatisfy(m -> {
                    assertThat(models.has(m)).as(m).isTrue();
                    for (String metric : List.of("accuracy_mean", "tv_mean", "accuracy_noise_0.30_mean", "lambda")) {
                        assertThat(models.get(m).get(metric).isNumber()).as(m + " " + metric).isTrue();
                    }
                    assertThat(models.get(m).get("accuracy_mean").asDouble()).isBetween(0.0, 1.0);
                });
        assertThat(json.get("paper").get("models").get("baseline").get("clean_accuracy_mnist").asDouble()).isEqualTo(0.9925);
        assertThat(json.has("claim_smoother_1pct")).isTrue();
        String report = Files.readString(tmp.resolve("report.md"));
        assertThat(report).contains("Chosen models", "figures/attributions.png", "figures/noise.png", "Time taken");
        assertThat(tmp.resolve("figures/attributions.png")).isNotEmptyFile();
        assertThat(tmp.resolve("figures/noise.png")).isNotEmptyFile();

        // An invocation stopped before the last training shows what the others measured.
        Path stopped = Files.createDirectory(tmp.resolve("stopped"));
        Files.copy(tmp.resolve("scale.json"), stopped.resolve("scale.json"));
        List<String> done = Files.readAllLines(tmp.resolve("work.jsonl"));
        Files.write(stopped.resolve("work.jsonl"), done.subList(0, done.size() - 1));
        StopRequest stop = new StopRequest();
        stop.request("SIGTERM");
        Experiments.run(new PixelExperiment(PixelScale.tiny()), new ExperimentOptions(stopped, true, 0, Map.of()),
                List.of("test"), Progress.silent(), stop);
        String partial = Files.readString(stopped.resolve("report.md"));
        assertThat(partial).contains("## Trainings done so far", "| baseline-lambda0-seed0 | ", "Not finished yet")
                .doesNotContain("Chosen models");
        assertThat(partial.lines().filter(l -> l.matches("\\| [a-z-]+-lambda[^ ]+-seed\\d \\|.*"))).hasSize(done.size() - 1);
        assertThat(Files.readAllLines(stopped.resolve("work.jsonl"))).as("nothing trained after the stop").hasSize(done.size() - 1);

        long units = Files.readAllLines(tmp.resolve("work.jsonl")).size();
        Experiments.run(new PixelExperiment(PixelScale.tiny()), options, List.of("test"), Progress.silent());
        assertThat(Files.readAllLines(tmp.resolve("work.jsonl"))).as("nothing is trained again").hasSize((int) units);
        assertThat(Files.readString(tmp.resolve("report.md"))).contains("resumed with " + units + " units",
                "over every invocation its work took", units + " units of it done", "claim (paper)");
    }
}
