package dev.axiom.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.axiom.tensor.Rng;
import org.junit.jupiter.api.Test;

class RankAgreementTest {

    @Test
    void topKIntersectionCountsSharedTopPositions() {
        double[] a = {5, 4, 3, 2, 1};
        double[] b = {1, 2, 3, 4, 5};
        assertThat(RankAgreement.topKIntersection(a, b, 2)).isEqualTo(0.0);
        assertThat(RankAgreement.topKIntersection(a, b, 3)).isEqualTo(1.0 / 3);
        assertThat(RankAgreement.topKIntersection(a, a, 4)).isEqualTo(1.0);
        // ties: the earlier position ranks higher, so {0, 1} is the top 2 of all-equal values
        assertThat(RankAgreement.topK(new double[] {7, 7, 7}, 2)).containsExactly(0, 1);
        assertThat(RankAgreement.topKIntersection(new double[] {0, 9, 8, 1}, new double[] {9, 0, 8, 1}, 2))
                .isEqualTo(0.5);
    }

    @Test
    void kendallTauMatchesHandComputations() {
        // one discordant pair of six: (6 − 2·1) / 6
        assertThat(RankAgreement.kendallTau(new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 4}))
                .isCloseTo(2.0 / 3, within(1e-12));
        // ties in both: 4 concordant, 0 discordant, 1 tie in each of 6 pairs: 4 / √(5·5)
        assertThat(RankAgreement.kendallTau(new double[] {1, 2, 2, 3}, new double[] {1, 2, 3, 3}))
                .isCloseTo(0.8, within(1e-12));
        assertThat(RankAgreement.kendallTau(new double[] {1, 2, 3}, new double[] {3, 2, 1})).isEqualTo(-1.0);
        assertThat(RankAgreement.kendallTau(new double[] {1, 1, 1}, new double[] {3, 2, 1})).isNaN();
    }

    @Test
    void kendallTauEqualsThePairwiseDefinitionOnRandomMapsWithTies() {
        Rng rng = new Rng(3);
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + rng.nextInt(60);
            int levels = 1 + rng.nextInt(8);
            double[] a = new double[n];
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = rng.nextInt(levels);
                b[i] = rng.nextDouble() < 0.5 ? a[i] + rng.nextInt(3) : rng.nextInt(levels);
            }
            double expected = pairwiseTauB(a, b);
            double actual = RankAgreement.kendallTau(a, b);
            if (Double.isNaN(expected)) {
                assertThat(actual).isNaN();
            } else {
                assertThat(actual).as("trial %d", trial).isCloseTo(expected, within(1e-12));
            }
        }
    }

    @Test
    void spearmanRhoMatchesHandComputations() {
        // no ties: 1 − 6 Σd² / (n(n² − 1)) = 1 − 24/120
        assertThat(RankAgreement.spearmanRho(new double[] {1, 2, 3, 4, 5}, new double[] {2, 1, 4, 3, 5}))
                .isCloseTo(0.8, within(1e-12));
        // ties get the average rank: ranks (1, 2, 3) and (1.5, 1.5, 3): 1.5 / √(2 · 1.5)
        assertThat(RankAgreement.spearmanRho(new double[] {1, 2, 3}, new double[] {1, 1, 2}))
                .isCloseTo(1.5 / Math.sqrt(3), within(1e-12));
        assertThat(RankAgreement.ranks(new double[] {10, 30, 20, 30})).containsExactly(1, 3.5, 2, 3.5);
    }

    private static double pairwiseTauB(double[] a, double[] b) {
        long concordant = 0;
        long discordant = 0;
        long tiedA = 0;
        long tiedB = 0;
        long pairs = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = i + 1; j < a.length; j++) {
                pairs++;
                double s = Math.signum(a[i] - a[j]) * Math.signum(b[i] - b[j]);
                if (a[i] == a[j]) {
                    tiedA++;
                }
                if (b[i] == b[j]) {
                    tiedB++;
                }
                if (s > 0) {
                    concordant++;
                } else if (s < 0) {
                    discordant++;
                }
            }
        }
        double denominator = Math.sqrt((double) (pairs - tiedA) * (pairs - tiedB));
        return denominator == 0 ? Double.NaN : (concordant - discordant) / denominator;
    }
}
