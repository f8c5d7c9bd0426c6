package dev.axiom.experiment.sparsity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.axiom.experiment.Stats;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The experiment's own arithmetic: global importance, λ choice, and tests that skip diverged runs. */
class SparsityStatisticsTest {

    @Test
    void globalImportanceIsTheMeanAbsoluteAttributionPerFeature() {
        // two samples × three features: |1|,|-2|,|0| and |-3|,|4|,|1| → 2, 3, 0.5
        float[] phi = {1, -2, 0, -3, 4, 1};
        assertThat(SparsityTrainer.meanAbsolute(phi, 2, 3)).containsExactly(new double[] {2, 3, 0.5}, within(1e-12));
        assertThatThrownBy(() -> SparsityTrainer.meanAbsolute(phi, 2, 2)).hasMessageContaining("expected 2 × 2 attributions, got 6");
    }

    @Test
    void giniOfTheHandExample() {
        // φ̄ = (2, 3, 0.5): Σ_i Σ_j |φ̄_i − φ̄_j| = 2 (1 + 1.5 + 2.5) = 10; / (2 · 3 · 5.5) = 0.30303…
        assertThat(Stats.gini(new double[] {2, 3, 0.5})).isCloseTo(10 / 33.0, within(1e-12));
    }

    @Test
    void bestLambdaHasTheHighestMeanValidationAucAndSkipsDivergedPoints() {
        List<SparsityExperiment.Tuning> grid = List.of(
                new SparsityExperiment.Tuning(0.01, 0.60, 0.3, 0),
                new SparsityExperiment.Tuning(0.1, 0.70, 0.5, 0),
                new SparsityExperiment.Tuning(1, Double.NaN, Double.NaN, 2),
                new SparsityExperiment.Tuning(10, 0.70, 0.9, 0));
        assertThat(SparsityExperiment.best(grid)).isEqualTo(0.1); // ties: the first (smaller) λ
        assertThatThrownBy(() -> SparsityExperiment.best(List.of(new SparsityExperiment.Tuning(1, Double.NaN, Double.NaN, 2))))
                .hasMessageContaining("every λ of the grid diverged");
    }

    @Test
    void pairedTestUsesOnlyPairsWhereBothRunsAreFinite() {
        // pairs (3,1), (5,2), (4,4) after dropping index 1: d = 2, 3, 0; mean 5/3, sd √(7/3), t = (5/3)/(√(7/3)/√3)
        double[] a = {3, Double.NaN, 5, 4};
        double[] b = {1, 7, 2, 4};
        Stats.PairedT t = SparsityExperiment.pairedFinite(a, b);
        assertThat(t.degreesOfFreedom()).isEqualTo(2);
        assertThat(t.meanDifference()).isCloseTo(5 / 3.0, within(1e-12));
        assertThat(t.t()).isCloseTo((5 / 3.0) / (Math.sqrt(7 / 3.0) / Math.sqrt(3)), within(1e-12));
        assertThat(SparsityExperiment.finite(a)).containsExactly(3, 5, 4);
    }
}
