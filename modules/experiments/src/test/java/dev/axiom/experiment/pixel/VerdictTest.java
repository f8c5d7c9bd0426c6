package dev.axiom.experiment.pixel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.axiom.experiment.pixel.Verdict.Spread;
import org.junit.jupiter.api.Test;

class VerdictTest {

    @Test
    void aWinByMoreThanEitherSpreadHolds() {
        assertThat(Verdict.of(true, 3, new Spread(0.50, 0.01), new Spread(0.40, 0.02), new Spread(0.45, 0.03)))
                .isEqualTo(Verdict.HELD);
    }

    @Test
    void aWinWithinTheLargerSpreadHoldsByTheMeansOnly() {
        // 0.456 ± 0.024 against 0.445 ± 0.083: ahead by 0.011, the other's sd is 0.083
        assertThat(Verdict.of(true, 2, new Spread(0.456, 0.024), new Spread(0.423, 0.019), new Spread(0.445, 0.083)))
                .isEqualTo(Verdict.BY_MEAN_ONLY);
    }

    @Test
    void losingToAnyOtherModelDoesNotHold() {
        assertThat(Verdict.of(true, 3, new Spread(0.5, 0), new Spread(0.4, 0), new Spread(0.6, 0))).isEqualTo(Verdict.NOT_HELD);
        assertThat(Verdict.of(true, 3, new Spread(0.5, 0), new Spread(0.5, 0))).as("a tie is no win").isEqualTo(Verdict.NOT_HELD);
    }

    @Test
    void lowerIsBetterWhenAskedSo() {
        // TV: the claimed model must be lower
        assertThat(Verdict.of(false, 3, new Spread(1.2, 0.01), new Spread(1.5, 0.01), new Spread(1.3, 0.01))).isEqualTo(Verdict.HELD);
        assertThat(Verdict.of(false, 3, new Spread(1.4, 0.01), new Spread(1.5, 0.01), new Spread(1.3, 0.01))).isEqualTo(Verdict.NOT_HELD);
    }

    @Test
    void oneSeedHasNoSpreadToJudgeBy() {
        Verdict v = Verdict.of(true, 1, new Spread(0.5, 0), new Spread(0.4, 0));
        assertThat(v).isEqualTo(Verdict.ONE_SEED);
        assertThat(v.heldByMean()).isTrue();
        assertThat(Verdict.NOT_HELD.heldByMean()).isFalse();
    }
}
