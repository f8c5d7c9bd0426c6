package dev.axiom.experiment.sparsity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SubsampleTest {

    private static float[] labels(int n, int positives) {
        float[] y = new float[n];
        for (int i = 0; i < positives; i++) {
            y[i * (n / positives)] = 1f;
        }
        return y;
    }

    @Test
    void stratifiesAndPartitionsTheRows() {
        float[] y = labels(1000, 80); // 8 % positive: round(100 × 0.08) = 8 per split
        Subsample s = Subsample.draw(y, 100, 100, 7);
        assertThat(s.train()).hasSize(100);
        assertThat(s.validation()).hasSize(100);
        assertThat(s.test()).hasSize(800);
        assertThat(count(y, s.train())).isEqualTo(8);
        assertThat(count(y, s.validation())).isEqualTo(8);
        assertThat(count(y, s.test())).isEqualTo(80 - 16);
        int[] all = IntStream.concat(IntStream.concat(Arrays.stream(s.train()), Arrays.stream(s.validation())), Arrays.stream(s.test()))
                .sorted().toArray();
        assertThat(all).isEqualTo(IntStream.range(0, 1000).toArray());
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        float[] y = labels(500, 40);
        assertThat(Subsample.draw(y, 50, 50, 3).train()).isEqualTo(Subsample.draw(y, 50, 50, 3).train());
        assertThat(Subsample.draw(y, 50, 50, 3).train()).isNotEqualTo(Subsample.draw(y, 50, 50, 4).train());
    }

    @Test
    void positivesAreRoundedAndKeptBetweenOneAndSizeMinusOne() {
        assertThat(Subsample.positivesFor(100, 0.0847)).isEqualTo(8);
        assertThat(Subsample.positivesFor(100, 0.001)).isEqualTo(1);
        assertThat(Subsample.positivesFor(10, 0.999)).isEqualTo(9);
    }

    @Test
    void badLabelsAndTooFewPositivesAreNamed() {
        assertThatThrownBy(() -> Subsample.draw(new float[] {0, 1, 2}, 2, 2, 1)).hasMessageContaining("label of row 2 is 2.0");
        assertThatThrownBy(() -> Subsample.draw(labels(100, 2), 20, 20, 1)).hasMessageContaining("2 positives");
    }

    private static int count(float[] y, int[] rows) {
        int c = 0;
        for (int r : rows) {
            c += y[r] == 1f ? 1 : 0;
        }
        return c;
    }
}
