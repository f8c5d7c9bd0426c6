package dev.axiom.experiment.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StratifiedSplitTest {

    private static final float[] LABELS = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1};

    @Test
    void eachClassIsHeldOutInProportion() {
        int[] all = IntStream.range(0, LABELS.length).toArray();
        StratifiedSplit s = StratifiedSplit.of(all, LABELS, 0.25, 3);
        // 8 negatives → 2 held out, 4 positives → 1 held out
        assertThat(s.heldOut()).hasSize(3);
        assertThat(s.kept()).hasSize(9);
        assertThat(Arrays.stream(s.heldOut()).filter(i -> LABELS[i] == 1).count()).isEqualTo(1);
        int[] union = IntStream.concat(Arrays.stream(s.kept()), Arrays.stream(s.heldOut())).sorted().toArray();
        assertThat(union).isEqualTo(all);
        assertThat(s.kept()).isSorted();
    }

    @Test
    void isSeededAndSplitsOnlyTheGivenIndices() {
        int[] some = {0, 1, 2, 3, 8, 9};
        StratifiedSplit a = StratifiedSplit.of(some, LABELS, 0.5, 11);
        StratifiedSplit b = StratifiedSplit.of(some, LABELS, 0.5, 11);
        assertThat(a.heldOut()).isEqualTo(b.heldOut());
        assertThat(a.heldOut()).hasSize(3);
        assertThat(some).contains(a.heldOut());
    }

    @Test
    void rejectsBadLabelsAndFractions() {
        assertThatThrownBy(() -> StratifiedSplit.of(new int[] {0, 1}, new float[] {0, 2}, 0.5, 1))
                .hasMessageContaining("sample 1 has label 2.0");
        assertThatThrownBy(() -> StratifiedSplit.of(new int[] {0, 1}, LABELS, 1.5, 1)).hasMessageContaining("(0, 1)");
        assertThatThrownBy(() -> StratifiedSplit.of(new int[] {0, 8}, LABELS, 0.5, 1)).hasMessageContaining("a class of 1 samples");
    }
}
