package dev.axiom.experiment.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.axiom.experiment.benchmark.BenchmarkMetric.Action;
import dev.axiom.experiment.benchmark.BenchmarkMetric.Masking;
import dev.axiom.experiment.benchmark.BenchmarkMetric.Sign;
import org.junit.jupiter.api.Test;

/**
 * The curves on the linear model f(x) = 2x₀ − x₁ + 0.5x₂ with training mean 0, worked by hand. The
 * training rows make x₀ and x₁ perfectly correlated and x₂ independent of both.
 */
class MaskingBenchmarkTest {

    private static final double[][] TRAIN = {{1, 1, 1}, {-1, -1, 1}, {1, 1, -1}, {-1, -1, -1}};
    private static final Model LINEAR = rows -> {
        double[] y = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            y[i] = 2 * rows[i][0] - rows[i][1] + 0.5 * rows[i][2];
        }
        return y;
    };
    private static final int[] GRID = {0, 1, 2, 3};
    private static final double[][] X = {{1, 1, 1}};
    private static final double[] Y = {1.5};
    private static final double[][] PHI = {{2, -1, 0.5}};

    private final MaskingBenchmark bench = new MaskingBenchmark(TRAIN, new int[] {0, 1, 2, 3}, 7);

    private double[] curve(Action a, Sign s, Masking m) {
        return bench.curve(LINEAR, new BenchmarkMetric(a, s, m), X, Y, PHI, GRID);
    }

    @Test
    void keepPositiveWithMeanMasking() {
        // order by φ: x₀ (2), x₂ (0.5), x₁ (−1); only 2 positive, so n = 0, 1, 2, 2.
        // kept {} → 0; {x₀} → 2; {x₀, x₂} → 2.5; 2.5.
        assertThat(curve(Action.KEEP, Sign.POSITIVE, Masking.MEAN)).containsExactly(new double[] {0, 2, 2.5, 2.5}, within(1e-12));
        // area over k/3: (1/3)[(0 + 2)/2 + (2 + 2.5)/2 + (2.5 + 2.5)/2] = 5.75 / 3
        assertThat(MaskingBenchmark.area(GRID, new double[] {0, 2, 2.5, 2.5}, 3)).isCloseTo(5.75 / 3, within(1e-12));
    }

    @Test
    void removePositiveAndKeepNegativeWithMeanMasking() {
        // remove {} → 1.5; remove {x₀} → −1 + 0.5; remove {x₀, x₂} → −1.
        assertThat(curve(Action.REMOVE, Sign.POSITIVE, Masking.MEAN)).containsExactly(new double[] {1.5, -0.5, -1, -1}, within(1e-12));
        // by −φ only x₁ qualifies: kept {} → 0, then {x₁} → −1.
        assertThat(curve(Action.KEEP, Sign.NEGATIVE, Masking.MEAN)).containsExactly(new double[] {0, -1, -1, -1}, within(1e-12));
        // remove negative: remove {} → 1.5, remove {x₁} → 2.5.
        assertThat(curve(Action.REMOVE, Sign.NEGATIVE, Masking.MEAN)).containsExactly(new double[] {1.5, 2.5, 2.5, 2.5}, within(1e-12));
    }

    @Test
    void resampleOnALinearModelAveragesToTheMeanOfTheDrawnRows() {
        // the four drawn rows average to 0, so for a linear model resample equals mean masking
        assertThat(curve(Action.KEEP, Sign.POSITIVE, Masking.RESAMPLE)).containsExactly(new double[] {0, 2, 2.5, 2.5}, within(1e-12));
        // with only row 0 drawn, masked features take its values (1, 1, 1)
        MaskingBenchmark one = new MaskingBenchmark(TRAIN, new int[] {0}, 100);
        double[] c = one.curve(LINEAR, new BenchmarkMetric(Action.KEEP, Sign.POSITIVE, Masking.RESAMPLE),
                new double[][] {{0, 0, 0}}, new double[] {0}, new double[][] {{1, 1, 1}}, new int[] {0, 3});
        // keep nothing: f(1, 1, 1) = 1.5; keep all three: f(0, 0, 0) = 0
        assertThat(c).containsExactly(new double[] {1.5, 0}, within(1e-12));
    }

    @Test
    void imputeUsesTheCorrelationOfX0AndX1() {
        // Σ = (4/3)·[[1, 1, 0], [1, 1, 0], [0, 0, 1]] + 1e-6 I. Keeping x₀ = 1 imputes x₁ ≈ 1, x₂ = 0:
        // f ≈ 2 − 1 = 1; keeping {x₀, x₂}: f ≈ 2 − 1 + 0.5 = 1.5.
        double[] c = curve(Action.KEEP, Sign.POSITIVE, Masking.IMPUTE);
        assertThat(c).containsExactly(new double[] {0, 1, 1.5, 1.5}, within(1e-5));
    }

    @Test
    void absoluteCurvesAreRSquaredAgainstTheLabels() {
        // two samples, labels = f(x) = 1.5 and −1, φ = β ⊙ x; mean masking (mean 0).
        double[][] x = {{1, 1, 1}, {-1, 0, 2}};
        double[] y = {1.5, -1};
        double[][] phi = {{2, -1, 0.5}, {-2, 0, 1}};
        double[] keep = bench.curve(LINEAR, new BenchmarkMetric(Action.KEEP, Sign.ABSOLUTE, Masking.MEAN), x, y, phi, GRID);
        // total sum of squares about the mean 0.25: 1.25² + 1.25² = 3.125.
        // k = 0: predictions (0, 0): 1 − (2.25 + 1) / 3.125 = −0.04
        // k = 1: keep x₀ in both: (2, −2): 1 − (0.25 + 1) / 3.125 = 0.6
        // k = 2: s₁ keeps {x₀, x₁} → 1; s₂ keeps {x₀, x₂} → −1: 1 − 0.25 / 3.125 = 0.92
        // k = 3: exact: 1
        assertThat(keep).containsExactly(new double[] {-0.04, 0.6, 0.92, 1}, within(1e-12));
        double[] remove = bench.curve(LINEAR, new BenchmarkMetric(Action.REMOVE, Sign.ABSOLUTE, Masking.MEAN), x, y, phi, GRID);
        // k = 1: remove x₀: (−0.5, 1) → 1 − (4 + 4) / 3.125 = −1.56; k = 2: (0.5, 0) → 1 − (1 + 1) / 3.125 = 0.36
        assertThat(remove).containsExactly(new double[] {1, -1.56, 0.36, -0.04}, within(1e-12));
    }

    @Test
    void rankingBreaksTiesByIndexAndKnownFlagsFollowTheAction() {
        assertThat(MaskingBenchmark.order(new double[] {1, 3, 3, -2})).containsExactly(1, 2, 0, 3);
        assertThat(MaskingBenchmark.known(new int[] {2, 0, 1}, 1, Action.KEEP)).containsExactly(false, false, true);
        assertThat(MaskingBenchmark.known(new int[] {2, 0, 1}, 1, Action.REMOVE)).containsExactly(true, true, false);
    }

    @Test
    void areaIsNormalisedOverTheGridWidth() {
        // a constant curve has that constant as its area, whatever the grid
        assertThat(MaskingBenchmark.area(new int[] {0, 10, 60}, new double[] {2, 2, 2}, 60)).isCloseTo(2, within(1e-12));
        // a straight line from 0 to 1 has area 1/2
        assertThat(MaskingBenchmark.area(new int[] {0, 15, 60}, new double[] {0, 0.25, 1}, 60)).isCloseTo(0.5, within(1e-12));
        assertThatThrownBy(() -> MaskingBenchmark.area(new int[] {0}, new double[] {0}, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2");
    }

    @Test
    void rejectsMismatchedInputs() {
        assertThatThrownBy(() -> bench.curve(LINEAR, new BenchmarkMetric(Action.KEEP, Sign.ABSOLUTE, Masking.MEAN), X, Y, PHI, new int[] {0, 4}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside 0..3");
        assertThatThrownBy(() -> bench.curve(LINEAR, new BenchmarkMetric(Action.KEEP, Sign.ABSOLUTE, Masking.MEAN), X, Y, new double[][] {{1, 2}}, GRID))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 attributions");
    }
}
