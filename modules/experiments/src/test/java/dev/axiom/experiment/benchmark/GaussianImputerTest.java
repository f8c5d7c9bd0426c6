package dev.axiom.experiment.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GaussianImputerTest {

    private final GaussianImputer g = new GaussianImputer(new double[] {1, 2, 3},
            new double[][] {{1, 0.5, 0}, {0.5, 1, 0}, {0, 0, 2}});

    @Test
    void imputesTheConditionalMeanGivenOneKnownFeature() {
        // x1 | x0 = 3: 2 + 0.5 / 1 · (3 − 1) = 3; x2 is independent: its mean 3.
        double[] out = g.impute(new double[] {3, 100, 100}, new boolean[] {true, false, false});
        assertThat(out).containsExactly(new double[] {3, 3, 3}, within(1e-12));
    }

    @Test
    void imputesGivenTwoKnownFeatures() {
        // x0 | x1 = 4, x2 = 0: Σ_0k Σ_kk⁻¹ (x_k − μ_k) = [0.5, 0] · diag(1, 1/2) · (2, −3) = 1, so 1 + 1 = 2.
        double[] out = g.impute(new double[] {-7, 4, 0}, new boolean[] {false, true, true});
        assertThat(out).containsExactly(new double[] {2, 4, 0}, within(1e-12));
    }

    @Test
    void nothingKnownGivesTheMeanAndEverythingKnownGivesTheInput() {
        assertThat(g.impute(new double[] {9, 9, 9}, new boolean[3])).containsExactly(new double[] {1, 2, 3}, within(1e-12));
        assertThat(g.impute(new double[] {9, 8, 7}, new boolean[] {true, true, true})).containsExactly(new double[] {9, 8, 7}, within(1e-12));
    }

    @Test
    void fitsMeanAndSampleCovarianceWithTheRidge() {
        GaussianImputer fitted = GaussianImputer.fit(new double[][] {{0, 0}, {2, 4}});
        assertThat(fitted.mean()).containsExactly(new double[] {1, 2}, within(1e-12));
        // covariance (n − 1 = 1): [[2, 4], [4, 8]] + 1e-6 I; x1 | x0 = 2 ≈ 2 + 4/2 · 1 = 4.
        double[] out = fitted.impute(new double[] {2, 0}, new boolean[] {true, false});
        assertThat(out[1]).isCloseTo(2 + 4 / (2 + GaussianImputer.RIDGE), within(1e-9));
    }

    @Test
    void rejectsMismatchedSizes() {
        assertThatThrownBy(() -> g.impute(new double[] {1, 2}, new boolean[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 features");
        assertThatThrownBy(() -> GaussianImputer.fit(new double[][] {{1}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 rows");
    }
}
