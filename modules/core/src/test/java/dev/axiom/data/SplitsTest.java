package dev.axiom.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Seeded splits: the same seed gives the same parts, the parts are disjoint and cover the data, and
 * class labels are split in the same proportions in every part.
 */
class SplitsTest {

    /** {@code n} samples whose one feature is their index; the first 60 % are class 0, then 30 % class 1, then class 2. */
    private static Dataset classes(int n) {
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = i < 0.6 * n ? 0 : i < 0.9 * n ? 1 : 2;
        }
        return new Dataset(x, new Shape(1), y, Dataset.LabelKind.CLASS_INDEX, 1, List.of("index"));
    }

    private static Dataset real(int n) {
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = 0.5f * i;
        }
        return new Dataset(x, new Shape(1), y, Dataset.LabelKind.REAL, 1, List.of("index"));
    }

    private static List<Integer> ids(Dataset d) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            ids.add((int) d.feature(i, 0));
        }
        return ids;
    }

    private static int count(Dataset d, int label) {
        int c = 0;
        for (int i = 0; i < d.size(); i++) {
            c += d.label(i, 0) == label ? 1 : 0;
        }
        return c;
    }

    private static void assertDisjointAndCovering(Splits.Split s, int n) {
        Set<Integer> all = new HashSet<>();
        for (Dataset part : List.of(s.train(), s.validation(), s.test())) {
            for (int id : ids(part)) {
                assertThat(all.add(id)).as("sample %d is in two parts", id).isTrue();
            }
        }
        assertThat(all).hasSize(n);
    }

    @Test
    void theSameSeedGivesTheSameSplit() {
        Splits.Split a = Splits.split(classes(200), 0.1, 0.2, 7);
        Splits.Split b = Splits.split(classes(200), 0.1, 0.2, 7);

        assertThat(ids(a.train())).isEqualTo(ids(b.train()));
        assertThat(ids(a.validation())).isEqualTo(ids(b.validation()));
        assertThat(ids(a.test())).isEqualTo(ids(b.test()));
    }

    @Test
    void anotherSeedGivesAnotherSplit() {
        Splits.Split a = Splits.split(classes(200), 0.1, 0.2, 7);
        Splits.Split b = Splits.split(classes(200), 0.1, 0.2, 8);

        assertThat(ids(a.test())).isNotEqualTo(ids(b.test()));
    }

    @Test
    void thePartsAreDisjointAndCoverTheData() {
        assertDisjointAndCovering(Splits.split(classes(200), 0.1, 0.2, 7), 200);
        assertDisjointAndCovering(Splits.split(real(101), 0.15, 0.25, 7), 101);
    }

    @Test
    void everyClassIsSplitInTheSameProportions() {
        Splits.Split s = Splits.split(classes(200), 0.1, 0.2, 7);

        // 120, 60 and 20 samples per class
        assertThat(List.of(count(s.test(), 0), count(s.test(), 1), count(s.test(), 2))).containsExactly(24, 12, 4);
        assertThat(List.of(count(s.validation(), 0), count(s.validation(), 1), count(s.validation(), 2)))
                .containsExactly(12, 6, 2);
        assertThat(List.of(count(s.train(), 0), count(s.train(), 1), count(s.train(), 2))).containsExactly(84, 42, 14);
    }

    @Test
    void realLabelsAreSplitByTheFractions() {
        Splits.Split s = Splits.split(real(100), 0.1, 0.25, 3);

        assertThat(s.test().size()).isEqualTo(25);
        assertThat(s.validation().size()).isEqualTo(10);
        assertThat(s.train().size()).isEqualTo(65);
    }

    @Test
    void theSplitIsNotTheFileOrder() {
        Splits.Split s = Splits.split(real(100), 0.1, 0.25, 3);

        assertThat(ids(s.test())).isNotEqualTo(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
                20, 21, 22, 23, 24));
        assertThat(ids(s.test()).get(24)).isGreaterThan(24);
    }

    @Test
    void fractionsThatLeaveNoTrainingDataAreRejected() {
        assertThatThrownBy(() -> Splits.split(classes(10), 0.5, 0.5, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("validation and test fractions must be >= 0 and sum to less than 1, got 0.5 and 0.5");
    }

    @Test
    void sampledSplitsAreStratifiedByClass() {
        Splits.Split s = Splits.sample(classes(1000), 100, 50, 11);

        assertThat(s.train().size()).isEqualTo(100);
        assertThat(s.validation().size()).isEqualTo(50);
        assertThat(s.test().size()).isEqualTo(850);
        assertThat(count(s.train(), 0)).isBetween(59, 61);
        assertThat(count(s.train(), 1)).isBetween(29, 31);
        assertThat(count(s.train(), 2)).isBetween(9, 11);
        assertThat(count(s.validation(), 0)).isBetween(29, 31);
        assertThat(count(s.validation(), 1)).isBetween(14, 16);
        assertThat(count(s.validation(), 2)).isBetween(4, 6);
    }

    @Test
    void sampledSplitsAreSeededDisjointAndCovering() {
        Splits.Split a = Splits.sample(classes(300), 40, 30, 5);
        Splits.Split b = Splits.sample(classes(300), 40, 30, 5);
        Splits.Split c = Splits.sample(classes(300), 40, 30, 6);

        assertDisjointAndCovering(a, 300);
        assertThat(ids(a.train())).isEqualTo(ids(b.train()));
        assertThat(ids(a.validation())).isEqualTo(ids(b.validation()));
        assertThat(ids(a.train())).isNotEqualTo(ids(c.train()));
    }

    @Test
    void sampledSplitsOfRealLabelsHaveTheAskedSizes() {
        Splits.Split s = Splits.sample(real(100), 20, 10, 5);

        assertDisjointAndCovering(s, 100);
        assertThat(s.train().size()).isEqualTo(20);
        assertThat(s.validation().size()).isEqualTo(10);
    }

    @Test
    void samplingMoreThanTheDataHoldsIsRejected() {
        assertThatThrownBy(() -> Splits.sample(classes(100), 60, 40, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot draw 60 + 40 samples from 100 and leave a test set");
    }
}
