package dev.axiom.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line workflow on the default demo (the paper CNN with the EG pixel prior on the
 * embedded Fashion-MNIST subset, one epoch): train writes a run directory with report; predict,
 * evaluate and explain read it; integrated gradients through the CLI are complete to 1 %.
 */
class CliWorkflowTest {

    @TempDir
    static Path tmp;

    private static Path run;

    @BeforeAll
    static void train() {
        run = tmp.resolve("demo");
        int code = Axiom.execute("train", "--set", "axiom.train.epochs=1", "--out", run.toString());
        assertThat(code).isZero();
    }

    @Test
    void trainingWritesTheRunDirectory() {
        for (String file : List.of("config.conf", "provenance.json", "preprocessing.json", "metrics.jsonl", "report.md",
                "figures/loss.png", "figures/attributions.png")) {
            assertThat(run.resolve(file)).as(file).isNotEmptyFile();
        }
        assertThat(run.resolve("checkpoints")).isNotEmptyDirectory();
    }

    @Test
    void integratedGradientsThroughTheCliAreComplete() throws IOException {
        Path out = tmp.resolve("ig.csv");
        int code = Axiom.execute("explain", "--run", run.toString(), "--method", "ig", "--steps", "300",
                "--baseline", "zeros", "--limit", "12", "--out", out.toString());
        assertThat(code).isZero();
        List<String> lines = Files.readAllLines(out);
        String[] header = lines.get(0).split(",");
        assertThat(header).startsWith("index", "target", "output", "reference_output");
        assertThat(header).hasSize(4 + 784);
        assertThat(lines).hasSize(13);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            double output = Double.parseDouble(f[2]);
            double reference = Double.parseDouble(f[3]);
            double sum = 0;
            for (int i = 4; i < f.length; i++) {
                sum += Double.parseDouble(f[i]);
            }
            double gap = output - reference;
            assertThat(Math.abs(sum - gap))
                    .as("row %s: sum of attributions %s vs output − reference_output %s", f[0], sum, gap)
                    .isLessThanOrEqualTo(0.01 * Math.abs(gap));
        }
        assertThat(tmp.resolve("ig.png")).isNotEmptyFile();
    }

    @Test
    void predictWritesOneRowPerTestSample() throws IOException {
        Path out = tmp.resolve("predictions.csv");
        assertThat(Axiom.execute("predict", "--run", run.toString(), "--out", out.toString())).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).startsWith("index,label,prediction,label_name,predicted_name,output_0"); // the subset names its classes
        assertThat(lines).hasSize(501);
        long correct = lines.stream().skip(1).map(l -> l.split(",")).filter(f -> f[1].equals(f[2])).count();
        assertThat(correct / 500.0).as("accuracy after one epoch").isGreaterThan(0.3);
    }

    @Test
    void expectedGradientsThroughTheCliSumToTheGapOnAverage() throws IOException {
        Path out = tmp.resolve("eg.csv");
        assertThat(Axiom.execute("explain", "--run", run.toString(), "--method", "eg", "--references", "200",
                "--limit", "4", "--out", out.toString())).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(5);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            double sum = 0;
            for (int i = 4; i < f.length; i++) {
                sum += Double.parseDouble(f[i]);
            }
            double gap = Double.parseDouble(f[2]) - Double.parseDouble(f[3]);
            assertThat(Math.abs(sum - gap)).as("EG completeness with 200 references").isLessThan(0.15 * Math.abs(gap) + 0.05);
        }
    }
}
