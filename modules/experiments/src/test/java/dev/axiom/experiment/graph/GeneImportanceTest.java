package dev.axiom.experiment.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.axiom.prior.graph.FeatureGraph;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeneImportanceTest {

    @Test
    void meanAbsoluteAveragesAbsoluteValuesOverSamples() {
        // 2 samples × 3 features: |(1, -2, 0)| and |(-3, 2, 4)| → (2, 2, 2)
        double[] bar = GeneImportance.meanAbsolute(new float[] {1, -2, 0, -3, 2, 4}, 2, 3);
        assertThat(bar).containsExactly(2, 2, 2);
    }

    @Test
    void meanAbsoluteRejectsAWrongSize() {
        assertThatThrownBy(() -> GeneImportance.meanAbsolute(new float[5], 2, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 samples × 3 features");
    }

    @Test
    void normalizedSumsToOne() {
        assertThat(GeneImportance.normalized(new double[] {1, 3})).containsExactly(0.25, 0.75);
        assertThat(GeneImportance.normalized(new double[] {0, 0})).containsExactly(0, 0);
    }

    @Test
    void roughnessIsTheRayleighQuotientOfTheLaplacian() {
        // path 0 -1- 1 -2- 2, v = (1, 2, 4): vᵀLv = 1·(1−2)² + 2·(2−4)² = 9; vᵀv = 21
        FeatureGraph g = new FeatureGraph(3, new int[] {0, 1}, new int[] {1, 2}, new float[] {1, 2});
        assertThat(GeneImportance.graphRoughness(g, new double[] {1, 2, 4})).isCloseTo(9.0 / 21, within(1e-12));
        // scale-free
        assertThat(GeneImportance.graphRoughness(g, new double[] {10, 20, 40})).isCloseTo(9.0 / 21, within(1e-12));
        assertThat(GeneImportance.graphRoughness(g, new double[] {3, 3, 3})).isZero();
        assertThat(GeneImportance.graphRoughness(g, new double[] {0, 0, 0})).isNaN();
    }

    @Test
    void topAndRankOrderByDecreasingValueWithTiesByIndex() {
        double[] v = {0.1, 0.5, 0.3, 0.5};
        assertThat(GeneImportance.top(v, 3)).isEqualTo(List.of(1, 3, 2));
        assertThat(GeneImportance.rank(v, 1)).isEqualTo(1);
        assertThat(GeneImportance.rank(v, 3)).isEqualTo(2);
        assertThat(GeneImportance.rank(v, 0)).isEqualTo(4);
    }

    @Test
    void accuracyThresholdsTheLogitAtZero() {
        // predictions 1, 0, 1, 0 against labels 1, 1, 0, 0 → 2 of 4 right
        assertThat(GeneImportance.accuracy(new double[] {2, -1, 0.5, -3}, new double[] {1, 1, 0, 0})).isEqualTo(0.5);
        assertThat(GeneImportance.accuracy(new double[] {0}, new double[] {0})).isEqualTo(1.0);
        assertThatThrownBy(() -> GeneImportance.accuracy(new double[] {1}, new double[] {}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
