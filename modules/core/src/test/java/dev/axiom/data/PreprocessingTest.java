package dev.axiom.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Preprocessing is fitted on the training split only: standardisation uses its means and standard
 * deviations, and missing values in any split are filled with its means.
 */
class PreprocessingTest {

    private static final float NAN = Float.NaN;

    /** Rows of two features. */
    private static Dataset rows(float... values) {
        float[] y = new float[values.length / 2];
        return new Dataset(values, new Shape(2), y, Dataset.LabelKind.REAL, 1, List.of("a", "b"));
    }

    @Test
    void standardisationUsesTheTrainingMeanAndStandardDeviation() {
        Dataset train = rows(1, 10, 2, 20, 3, 30);
        Dataset test = rows(5, 0, 2, 40);

        Preprocessing pre = Preprocessing.fit(train, true);

        assertThat(pre.mean()).containsExactly(2f, 20f);
        assertThat(pre.scale()).containsExactly(1f, 10f);
        assertThat(pre.apply(test).featureArray()).containsExactly(3f, -2f, 0f, 2f);
    }

    @Test
    void theTrainingSplitIsCentredAndScaledToUnitDeviation() {
        Dataset train = rows(1, 7, 4, -2, 9, 0.5f, 2, 3);

        Dataset out = Preprocessing.fit(train, true).apply(train);

        for (int j = 0; j < 2; j++) {
            double sum = 0;
            double sumSq = 0;
            for (int i = 0; i < out.size(); i++) {
                sum += out.feature(i, j);
                sumSq += out.feature(i, j) * out.feature(i, j);
            }
            assertThat(sum / out.size()).isCloseTo(0, within(1e-6));
            assertThat(sumSq / (out.size() - 1)).isCloseTo(1, within(1e-5));
        }
    }

    @Test
    void otherSplitsDoNotChangeTheFit() {
        Preprocessing a = Preprocessing.fit(rows(1, 10, 2, 20, 3, 30), true);
        Dataset test = rows(100, 100);

        assertThat(a.apply(test).featureArray()).containsExactly(98f, 8f);
    }

    @Test
    void missingValuesAreFilledWithTheTrainingMean() {
        Dataset train = rows(1, NAN, 3, 20, NAN, 40);
        Dataset test = rows(NAN, NAN);

        Preprocessing pre = Preprocessing.fit(train, false);

        assertThat(pre.mean()).containsExactly(2f, 30f);
        assertThat(pre.apply(test).featureArray()).containsExactly(2f, 30f);
        assertThat(pre.apply(train).featureArray()).containsExactly(1f, 30f, 3f, 20f, 2f, 40f);
    }

    @Test
    void imputedValuesStandardiseToZero() {
        Dataset train = rows(1, 10, NAN, 20, 3, 30);

        Dataset out = Preprocessing.fit(train, true).apply(rows(NAN, NAN));

        assertThat(out.featureArray()).containsExactly(0f, 0f);
    }

    @Test
    void aConstantFeatureIsOnlyCentred() {
        Preprocessing pre = Preprocessing.fit(rows(4, 1, 4, 2, 4, 3), true);

        assertThat(pre.scale()[0]).isEqualTo(1f);
        assertThat(pre.apply(rows(5, 2)).feature(0, 0)).isEqualTo(1f);
    }

    @Test
    void withoutStandardisationValuesAreKept() {
        Dataset out = Preprocessing.fit(rows(1, 10, 2, 20), false).apply(rows(7, -3));

        assertThat(out.featureArray()).containsExactly(7f, -3f);
    }

    @Test
    void applyingDoesNotChangeTheInput() {
        Dataset test = rows(5, NAN);

        Preprocessing.fit(rows(1, 10, 3, 30), true).apply(test);

        assertThat(test.feature(0, 0)).isEqualTo(5f);
        assertThat(test.feature(0, 1)).isNaN();
    }

    @Test
    void theIdentityChangesNothing() {
        Dataset d = rows(0.25f, 1, 0, 0.5f);

        assertThat(Preprocessing.identity(2).apply(d).featureArray()).containsExactly(d.featureArray());
    }

    @Test
    void dataWithAnotherNumberOfFeaturesAreRejected() {
        Preprocessing pre = Preprocessing.identity(3);

        assertThatThrownBy(() -> pre.apply(rows(1, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the data have 2 features but the preprocessing was fitted on 3");
    }
}
