package dev.axiom.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The statistics against hand computations. */
class StatsTest {

    @Test
    void meanSdAndStandardError() {
        double[] x = {2, 4, 4, 4, 5, 5, 7, 9};
        assertThat(Stats.mean(x)).isEqualTo(5.0);
        assertThat(Stats.sd(x)).isCloseTo(Math.sqrt(32.0 / 7), within(1e-12));
        assertThat(Stats.standardError(x)).isCloseTo(Math.sqrt(32.0 / 7) / Math.sqrt(8), within(1e-12));
    }

    @Test
    void pairedTTestMatchesAHandComputation() {
        double[] a = {1.0, 2.0, 3.0, 4.0};
        double[] b = {0.5, 1.0, 2.5, 3.0};
        // differences 0.5, 1, 0.5, 1: mean 0.75, sd sqrt(1/12), t = 0.75 / (sqrt(1/12)/2) = 5.196…, df 3
        Stats.PairedT t = Stats.pairedT(a, b);
        assertThat(t.meanDifference()).isCloseTo(0.75, within(1e-12));
        assertThat(t.t()).isCloseTo(0.75 / (Math.sqrt(1.0 / 12) / 2), within(1e-9));
        assertThat(t.degreesOfFreedom()).isEqualTo(3);
        assertThat(t.p()).isCloseTo(0.01385, within(5e-5)); // two-sided, t(3) = 5.196
    }

    @Test
    void rocAucCountsOrderedPairsWithTiesAsHalf() {
        assertThat(Stats.rocAuc(new double[] {0.1, 0.4, 0.35, 0.8}, new double[] {0, 0, 1, 1})).isEqualTo(0.75);
        assertThat(Stats.rocAuc(new double[] {0.5, 0.5}, new double[] {0, 1})).isEqualTo(0.5);
        assertThat(Stats.rocAuc(new double[] {1, 2}, new double[] {1, 1})).isNaN();
    }

    @Test
    void giniIsZeroForEqualAndNearOneForConcentratedValues() {
        assertThat(Stats.gini(new double[] {3, 3, 3})).isCloseTo(0, within(1e-12));
        assertThat(Stats.gini(new double[] {0, 0, 0, 5})).isCloseTo(0.75, within(1e-12));
        assertThat(Stats.gini(new double[] {1, 2, 3})).isCloseTo(2.0 / 9, within(1e-12)); // Σ(2i−n−1)x/(nΣx) = (−2+0+6)/18
    }

    @Test
    void rSquaredAndLogGrid() {
        assertThat(Stats.rSquared(new double[] {1, 2, 3}, new double[] {1, 2, 3})).isEqualTo(1.0);
        assertThat(Stats.rSquared(new double[] {2, 2, 2}, new double[] {1, 2, 3})).isEqualTo(0.0);
        assertThat(Stats.logGrid(1e-3, 1e1, 5)).containsExactly(new double[] {1e-3, 1e-2, 1e-1, 1, 10}, within(1e-12));
    }

    /**
     * The bootstrap interval of a mean holds the mean and has about the width of the normal
     * interval (±1.96 standard errors) on a large sample; an interval of a difference between two
     * clearly separated samples lies on one side of 0; the same seed gives the same interval.
     */
    @Test
    void bootstrapIntervalsMatchTheNormalApproximationOnALargeSample() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        double[] x = new double[2000];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble();
        }
        Stats.Interval ci = Stats.bootstrapMean(x, 4000, 1);
        double se = Stats.standardError(x);
        assertThat(ci.low()).isLessThan(Stats.mean(x)).isCloseTo(Stats.mean(x) - 1.96 * se, within(0.25 * 1.96 * se));
        assertThat(ci.high()).isGreaterThan(Stats.mean(x)).isCloseTo(Stats.mean(x) + 1.96 * se, within(0.25 * 1.96 * se));
        assertThat(Stats.bootstrapMean(x, 4000, 1)).isEqualTo(ci);
        assertThat(ci.sign()).isEqualTo(1);

        double[] shifted = java.util.Arrays.stream(x).map(v -> v + 0.2).toArray();
        assertThat(Stats.bootstrapDifference(x, shifted, 2000, 2).sign()).isEqualTo(-1);
        assertThat(Stats.bootstrapDifference(shifted, x, 2000, 2).sign()).isEqualTo(1);
        assertThat(Stats.bootstrapDifference(x, x, 2000, 2).sign()).isZero();
        assertThat(Stats.bootstrapMean(new double[0], 100, 1).low()).isNaN();
    }
}
