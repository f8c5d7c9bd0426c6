package dev.axiom.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Numbers in reports: a value not measured yet reads "–", never "NaN". */
class ReportTest {

    @Test
    void intervalsAreWrittenAsMeanAndBounds() {
        assertThat(Report.interval(0.5, 0.41, 0.6, 3, false)).isEqualTo("0.500 [0.410, 0.600]");
        assertThat(Report.interval(0.012, -0.004, 0.03, 3, true)).isEqualTo("+0.012 [-0.004, +0.030]");
    }

    @Test
    void whatIsNotMeasuredYetIsADash() {
        assertThat(Report.interval(Double.NaN, Double.NaN, Double.NaN, 3, true)).isEqualTo("–");
        assertThat(Report.signed(Double.NaN, 3)).isEqualTo("–");
        assertThat(Report.number(Double.NaN, 3)).isEqualTo("–");
        assertThat(Report.signed(-0.25, 2)).isEqualTo("-0.25");
    }
}
