package dev.axiom.experiment.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.axiom.experiment.benchmark.MethodComparison.Summary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The metric list, method comparisons, the feature-count grid and the synthetic data. */
class BenchmarkPartsTest {

    @Test
    void eighteenDistinctMetricsWithTheBenchmarksDirections() {
        List<BenchmarkMetric> all = BenchmarkMetric.all();
        assertThat(all).hasSize(18).doesNotHaveDuplicates();
        assertThat(all.stream().map(BenchmarkMetric::key).distinct()).hasSize(18);
        assertThat(all.get(0).key()).isEqualTo("keep_positive_mean");
        assertThat(all.stream().filter(BenchmarkMetric::higherIsBetter).map(BenchmarkMetric::key).filter(k -> k.endsWith("_mean")))
                .containsExactly("keep_positive_mean", "keep_absolute_mean", "remove_negative_mean");
        assertThat(all.get(0).label()).isEqualTo("Keep Positive (mean)");
    }

    @Test
    void comparisonsRespectTheDirectionAndTies() {
        Summary a = new Summary(1.0, 0.1);
        Summary b = new Summary(1.15, 0.2);
        assertThat(MethodComparison.better(b, a, true)).isTrue();
        assertThat(MethodComparison.better(b, a, false)).isFalse();
        assertThat(MethodComparison.betterOrTied(a, b, true)).isTrue(); // 0.15 ≤ max(0.1, 0.2)
        assertThat(MethodComparison.betterOrTied(a, new Summary(1.5, 0.2), true)).isFalse();
        assertThat(MethodComparison.betterOrTied(a, new Summary(1.0, Double.NaN), true)).isTrue();
        assertThat(MethodComparison.best(new Summary[] {a, b, new Summary(0.5, 0)}, true)).isEqualTo(1);
        assertThat(MethodComparison.best(new Summary[] {a, b, new Summary(0.5, 0)}, false)).isEqualTo(2);
        Summary s = Summary.of(new double[] {1, 2, 3});
        assertThat(s.mean()).isEqualTo(2);
        assertThat(s.sd()).isCloseTo(1, within(1e-12));
    }

    @Test
    void gridSpreadsCountsEvenlyFromZeroToP() {
        assertThat(BenchmarkExperiment.grid(60, 11)).containsExactly(0, 6, 12, 18, 24, 30, 36, 42, 48, 54, 60);
        assertThat(BenchmarkExperiment.grid(3, 61)).containsExactly(0, 1, 2, 3);
        assertThat(BenchmarkExperiment.grid(60, 61)).hasSize(61);
        assertThatThrownBy(() -> BenchmarkExperiment.grid(60, 1)).hasMessageContaining("at least 2");
    }

    @Test
    void correlatedGroupsHaveTheRequestedCorrelationInsideGroupsOnly() {
        SyntheticData d = SyntheticData.correlatedGroups(6, 0.99, 20_000, 10, 3);
        assertThat(correlation(d.trainX(), 0, 1)).isCloseTo(0.99, within(0.002));
        assertThat(correlation(d.trainX(), 3, 5)).isCloseTo(0.99, within(0.002));
        assertThat(correlation(d.trainX(), 2, 3)).isCloseTo(0.0, within(0.03));
        assertThat(variance(d.trainX(), 4)).isCloseTo(1.0, within(0.05));
        SyntheticData ind = SyntheticData.independentLinear(6, 20_000, 10, 3);
        assertThat(correlation(ind.trainX(), 0, 1)).isCloseTo(0.0, within(0.03));
        // y = x·β + ε, with ε of sd 0.1
        double residual = 0;
        for (int i = 0; i < 1000; i++) {
            double f = 0;
            for (int j = 0; j < 6; j++) {
                f += ind.beta()[j] * ind.trainX()[i][j];
            }
            residual += (ind.trainY()[i] - f) * (ind.trainY()[i] - f) / 1000;
        }
        assertThat(Math.sqrt(residual)).isCloseTo(SyntheticData.NOISE, within(0.01));
        assertThat(ind.testX()).hasNumberOfRows(10);
        assertThatThrownBy(() -> SyntheticData.correlatedGroups(7, 0.99, 10, 10, 1)).hasMessageContaining("multiple of 3");
    }

    @Test
    void theSameSeedGivesTheSameData() {
        assertThat(SyntheticData.independentLinear(6, 5, 5, 9).trainX()).isDeepEqualTo(SyntheticData.independentLinear(6, 5, 5, 9).trainX());
    }

    private static double correlation(double[][] x, int a, int b) {
        double c = covariance(x, a, b);
        return c / Math.sqrt(covariance(x, a, a) * covariance(x, b, b));
    }

    private static double variance(double[][] x, int a) {
        return covariance(x, a, a);
    }

    private static double covariance(double[][] x, int a, int b) {
        double ma = 0;
        double mb = 0;
        for (double[] r : x) {
            ma += r[a] / x.length;
            mb += r[b] / x.length;
        }
        double c = 0;
        for (double[] r : x) {
            c += (r[a] - ma) * (r[b] - mb) / (x.length - 1);
        }
        return c;
    }
}
