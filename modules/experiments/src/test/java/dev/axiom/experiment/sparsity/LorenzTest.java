package dev.axiom.experiment.sparsity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LorenzTest {

    @Test
    void sortsAscendingAndAccumulatesShares() {
        // sorted 1, 2, 3, 4 of total 10: 0, .1, .3, .6, 1
        assertThat(Lorenz.curve(new double[] {3, 1, 4, 2})).containsExactly(new double[] {0, 0.1, 0.3, 0.6, 1}, within(1e-12));
    }

    @Test
    void equalValuesAndAllZeroGiveTheLineOfEquality() {
        assertThat(Lorenz.curve(new double[] {2, 2})).containsExactly(new double[] {0, 0.5, 1}, within(1e-12));
        assertThat(Lorenz.curve(new double[] {0, 0, 0, 0})).containsExactly(new double[] {0, 0.25, 0.5, 0.75, 1}, within(1e-12));
    }

    @Test
    void oneNonZeroValueStaysAtZeroUntilTheEnd() {
        assertThat(Lorenz.curve(new double[] {0, 5, 0})).containsExactly(new double[] {0, 0, 0, 1}, within(1e-12));
    }

    @Test
    void rejectsNegativeOrNaN() {
        assertThatThrownBy(() -> Lorenz.curve(new double[] {1, -1})).hasMessageContaining("importance 1 is -1.0");
        assertThatThrownBy(() -> Lorenz.curve(new double[] {Double.NaN})).hasMessageContaining("importance 0 is NaN");
    }
}
