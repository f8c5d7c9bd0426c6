package dev.axiom.experiment.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CholeskyTest {

    @Test
    void factorsAndSolvesAHandComputedTwoByTwo() {
        // A = [[4, 2], [2, 3]] = L Lᵀ with L = [[2, 0], [1, √2]]; A⁻¹ = [[3, −2], [−2, 4]] / 8.
        Cholesky c = Cholesky.of(new double[][] {{4, 2}, {2, 3}});
        double[][] l = c.lower();
        assertThat(l[0][0]).isCloseTo(2, within(1e-12));
        assertThat(l[1][0]).isCloseTo(1, within(1e-12));
        assertThat(l[1][1]).isCloseTo(Math.sqrt(2), within(1e-12));
        assertThat(l[0][1]).isZero();
        double[] x = c.solve(new double[] {2, 1});
        assertThat(x[0]).isCloseTo(0.5, within(1e-12));
        assertThat(x[1]).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void solvesAThreeByThreeSystem() {
        double[][] a = {{6, 2, 1}, {2, 5, 2}, {1, 2, 4}};
        double[] expected = {1, -2, 3};
        double[] b = new double[3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                b[i] += a[i][j] * expected[j];
            }
        }
        double[] x = Cholesky.of(a).solve(b);
        for (int i = 0; i < 3; i++) {
            assertThat(x[i]).isCloseTo(expected[i], within(1e-12));
        }
    }

    @Test
    void rejectsMatricesThatAreNotPositiveDefiniteOrNotSquare() {
        assertThatThrownBy(() -> Cholesky.of(new double[][] {{1, 2}, {2, 1}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not positive definite");
        assertThatThrownBy(() -> Cholesky.of(new double[][] {{1, 2}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("square");
        assertThatThrownBy(() -> Cholesky.of(new double[][] {{1}}).solve(new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("right-hand side");
    }
}
