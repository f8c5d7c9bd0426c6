package dev.axiom.dashboard.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.axiom.dashboard.RunJournal;
import dev.axiom.dashboard.SnapshotComputer;
import dev.axiom.dashboard.SnapshotOptions;
import dev.axiom.run.Progress;
import dev.axiom.run.RunDirectory;
import dev.axiom.run.TrainingJob;
import dev.axiom.run.config.SettingsLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The explanations' health of a real training run: two attribution snapshots from two of its
 * checkpoints carry the pixel prior's value on their published maps and the mean Kendall tau-b
 * between the two snapshots' maps, both equal to a hand computation from the maps, different
 * between the snapshots, and exported as gauges.
 */
class ExplanationHealthTest {

    @TempDir
    Path tmp;

    @Test
    @SuppressWarnings("unchecked")
    void theGaugesFollowTheSnapshotsAndEqualAHandComputationFromTheirMaps() {
        Path runDir = tmp.resolve("run");
        TrainingJob.start(SettingsLoader.load(null, List.of(
                "axiom.train.epochs=1", "axiom.train.checkpoint-every-steps=12", "axiom.train.keep-checkpoints=5",
                "axiom.train.threads=1")), runDir, List.of("ExplanationHealthTest"), Progress.silent()).run();
        List<Path> checkpoints = RunDirectory.existing(runDir).checkpoints();
        assertThat(checkpoints.size()).isGreaterThanOrEqualTo(3);

        try (SnapshotComputer computer = new SnapshotComputer(runDir, SnapshotOptions.defaults().withReferences(4));
                RunMetrics metrics = new RunMetrics("run", journal, SnapshotComputer.PIXEL_SMOOTHNESS, 1, null)) {
            Map<String, Object> first = computer.compute(checkpoints.get(0));
            Map<String, Object> last = computer.compute(checkpoints.get(checkpoints.size() - 1));
            int h = (Integer) first.get("height");
            int w = (Integer) first.get("width");
            List<double[]> before = (List<double[]>) first.get("maps");
            List<double[]> after = (List<double[]>) last.get("maps");

            assertThat(first.get("explanation_prior")).isEqualTo("pixel-smoothness");
            assertThat((Double) first.get("explanation_value")).isCloseTo(meanTotalVariation(before, h, w), within(1e-9));
            assertThat((Double) last.get("explanation_value")).isCloseTo(meanTotalVariation(after, h, w), within(1e-9));
            assertThat(first).doesNotContainKey("rank_agreement");
            double tau = 0;
            for (int i = 0; i < before.size(); i++) {
                tau += kendallTauB(before.get(i), after.get(i)) / before.size();
            }
            assertThat((Double) last.get("rank_agreement")).isCloseTo(tau, within(1e-9));
            assertThat(tau).isBetween(-1.0, 1.0).isNotEqualTo(1.0);
            assertThat((Double) last.get("explanation_value")).isNotCloseTo((Double) first.get("explanation_value"), within(1e-6));

            journal.offerSuperseding("snapshot", 12, first);
            assertThat(gauge(metrics.scrape(), "axiom_explanation_prior_value")).isEqualTo((Double) first.get("explanation_value"));
            journal.offerSuperseding("snapshot", 36, last);
            String text = metrics.scrape();
            assertThat(gauge(text, "axiom_explanation_prior_value")).isEqualTo((Double) last.get("explanation_value"));
            assertThat(gauge(text, "axiom_explanation_rank_agreement")).isEqualTo((Double) last.get("rank_agreement"));
        }
    }

    private final RunJournal journal = new RunJournal();

    private static double gauge(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*} (\\S+)$").matcher(text);
        assertThat(m.find()).as(name + " in the scrape").isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** The pixel prior by hand: each map over its unbiased standard deviation, anisotropic TV, mean over maps. */
    private static double meanTotalVariation(List<double[]> maps, int h, int w) {
        double total = 0;
        for (double[] m : maps) {
            double mean = 0;
            for (double v : m) {
                mean += v / m.length;
            }
            double ss = 0;
            for (double v : m) {
                ss += (v - mean) * (v - mean);
            }
            double sd = Math.max(Math.sqrt(ss / (m.length - 1)), 1e-8);
            double tv = 0;
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    if (r + 1 < h) {
                        tv += Math.abs(m[(r + 1) * w + c] - m[r * w + c]) / sd;
                    }
                    if (c + 1 < w) {
                        tv += Math.abs(m[r * w + c + 1] - m[r * w + c]) / sd;
                    }
                }
            }
            total += tv / maps.size();
        }
        return total;
    }

    /** Kendall's tau-b by its definition, over all pairs. */
    private static double kendallTauB(double[] a, double[] b) {
        long concordant = 0;
        long discordant = 0;
        long tiesA = 0;
        long tiesB = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = i + 1; j < a.length; j++) {
                double x = Math.signum(a[i] - a[j]);
                double y = Math.signum(b[i] - b[j]);
                if (x == 0 && y == 0) {
                    continue;
                }
                if (x == 0) {
                    tiesA++;
                } else if (y == 0) {
                    tiesB++;
                } else if (x == y) {
                    concordant++;
                } else {
                    discordant++;
                }
            }
        }
        double n1 = concordant + discordant + tiesA;
        double n2 = concordant + discordant + tiesB;
        return (concordant - discordant) / Math.sqrt(n1 * n2);
    }
}
