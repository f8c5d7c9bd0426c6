package dev.axiom.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.tensor.Autograd;
import dev.axiom.tensor.Rng;
import dev.axiom.testing.Arrays64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Per-sample values of every loss against the textbook formula evaluated in double, and each
 * loss's closed-form {@code outputGradient} against autograd's gradient of
 * {@code perSample(...).sum()} with respect to the output.
 */
class LossesTest {

    // ---------------------------------------------------------------- cross-entropy

    @Test
    void crossEntropyByHand() {
        // z = (1, 2, 3), y = 2: −log(e³ / (e + e² + e³)) = log(1 + e⁻¹ + e⁻²) ≈ 0.4076.
        // z = (0, 0, 0), y = 0: log 3. z = (10, −10, 0), y = 1: 20 + log(1 + e⁻²⁰ + e⁻¹⁰).
        try (NDManager manager = NDManager.newBaseManager();
                NDScope scope = new NDScope()) {
            NDArray z = manager.create(new float[] {1, 2, 3, 0, 0, 0, 10, -10, 0}, new Shape(3, 3));
            NDArray y = manager.create(new long[] {2, 0, 1});
            double[] l = Arrays64.doubles(Loss.crossEntropy().perSample(z, y));
            assertThat(l).hasSize(3);
            assertThat(l[0]).isCloseTo(Math.log(1 + Math.exp(-1) + Math.exp(-2)), within(1e-6));
            assertThat(l[1]).isCloseTo(Math.log(3), within(1e-6));
            assertThat(l[2]).isCloseTo(20 + Math.log(1 + Math.exp(-20) + Math.exp(-10)), within(2e-5));
            assertThat(Arrays64.doubles(Loss.crossEntropy().mean(z, y))[0])
                    .isCloseTo((l[0] + l[1] + l[2]) / 3, within(1e-5));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void crossEntropyMatchesTheFormula(long seed) {
        Rng rng = new Rng(seed);
        int n = 5;
        int c = 4;
        try (NDManager manager = NDManager.newBaseManager();
                NDScope scope = new NDScope()) {
            NDArray z = Arrays64.normal(manager, rng, new Shape(n, c), DataType.FLOAT64).mul(3);
            long[] labels = new long[n];
            for (int i = 0; i < n; i++) {
                labels[i] = rng.nextInt(c);
            }
            double[] zv = Arrays64.doubles(z);
            double[] actual = Arrays64.doubles(Loss.crossEntropy().perSample(z, manager.create(labels)));
            for (int i = 0; i < n; i++) {
                double sumExp = 0;
                for (int j = 0; j < c; j++) {
                    sumExp += Math.exp(zv[i * c + j]);
                }
                double expected = -zv[i * c + (int) labels[i]] + Math.log(sumExp);
                assertThat(actual[i]).as("sample %d", i).isCloseTo(expected, within(1e-12));
            }
        }
    }

    // ---------------------------------------------------------------- binary cross-entropy

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void binaryCrossEntropyMatchesTheFormula(long seed) {
        Rng rng = new Rng(seed);
        int n = 6;
        int k = 2;
        try (NDManager manager = NDManager.newBaseManager();
                NDScope scope = new NDScope()) {
            NDArray z = Arrays64.normal(manager, rng, new Shape(n, k), DataType.FLOAT64).mul(3);
            double[] y = new double[n * k];
            for (int i = 0; i < y.length; i++) {
                // Hard 0/1 targets and some soft ones.
                y[i] = i % 3 == 2 ? rng.nextDouble() : rng.nextInt(2);
            }
            double[] zv = Arrays64.doubles(z);
            double[] actual =
                    Arrays64.doubles(Loss.binaryCrossEntropy().perSample(z, manager.create(y, new Shape(n, k))));
            for (int i = 0; i < n; i++) {
                double expected = 0;
                for (int j = 0; j < k; j++) {
                    double s = 1 / (1 + Math.exp(-zv[i * k + j]));
                    double t = y[i * k + j];
                    expected += -t * Math.log(s) - (1 - t) * Math.log(1 - s);
                }
                assertThat(actual[i]).as("sample %d", i).isCloseTo(expected, within(1e-10));
            }
        }
    }

    @Test
    void binaryCrossEntropyIsStableForLargeLogitsAndReadsFlatLabels() {
        // z = 60, y = 1: log(1 + e⁻⁶⁰) ≈ 0;  z = 60, y = 0: ≈ 60;  z = −60, y = 0: ≈ 0;
        // z = −60, y = 1: ≈ 60;  z = 0: log 2 whatever y.
        try (NDManager manager = NDManager.newBaseManager();
                NDScope scope = new NDScope()) {
            NDArray z = manager.create(new float[] {60, 60, -60, -60, 0}, new Shape(5, 1));
            NDArray y = manager.create(new float[] {1, 0, 0, 1, 1});
            double[] l = Arrays64.doubles(Loss.binaryCrossEntropy().perSample(z, y));
            assertThat(l).containsExactly(new double[] {0, 60, 0, 60, Math.log(2)}, within(1e-5));
        }
    }

    // ---------------------------------------------------------------- mean squared error

    @Test
    void meanSquaredErrorByHand() {
        // (z − y) = (1, −2, 3) → (1 + 4 + 9)/3 = 14/3;  (0, 0.5, −0.5) → 0.5/3.
        try (NDManager manager = NDManager.newBaseManager();
                NDScope scope = new NDScope()) {
            NDArray z = manager.create(new float[] {2, 0, 3, 1, 1.5f, 0.5f}, new Shape(2, 3));
            NDArray y = manager.create(new float[] {1, 2, 0, 1, 1, 1}, new Shape(2, 3));
            double[] l = Arrays64.doubles(Loss.meanSquaredError().perSample(z, y));
            assertThat(l).containsExactly(new double[] {14.0 / 3, 0.5 / 3}, within(1e-6));
            assertThat(Arrays64.doubles(Loss.meanSquaredError().mean(z, y))[0])
                    .isCloseTo((14.0 / 3 + 0.5 / 3) / 2, within(1e-6));
            // One output: labels of shape (N) are read as (N, 1).
            NDArray z1 = manager.create(new float[] {1, -1, 4}, new Shape(3, 1));
            NDArray y1 = manager.create(new float[] {0, 1, 4});
            assertThat(Arrays64.doubles(Loss.meanSquaredError().perSample(z1, y1)))
                    .containsExactly(new double[] {1, 4, 0}, within(1e-6));
        }
    }

    // ---------------------------------------------------------------- output gradients

    static Stream<Arguments> gradientCases() {
        return Stream.of(
                Arguments.of("cross-entropy", 1L, 5, 4),
                Arguments.of("cross-entropy", 2L, 3, 2),
                Arguments.of("binary-cross-entropy", 3L, 5, 1),
                Arguments.of("binary-cross-entropy", 4L, 4, 3),
                Arguments.of("mse", 5L, 5, 1),
                Arguments.of("mse", 6L, 4, 3));
    }

    @ParameterizedTest(name = "{0}, seed {1}, N={2}, outputs={3}")
    @MethodSource("gradientCases")
    void outputGradientEqualsAutogradOfThePerSampleSum(String name, long seed, int n, int outputs) {
        Loss loss = Loss.named(name);
        assertThat(loss.name()).isEqualTo(name);
        Rng rng = new Rng(seed);
        try (NDManager manager = NDManager.newBaseManager();
                NDScope scope = new NDScope()) {
            NDArray z = Arrays64.normal(manager, rng, new Shape(n, outputs), DataType.FLOAT64).mul(2);
            NDArray labels;
            if (name.equals("cross-entropy")) {
                long[] y = new long[n];
                for (int i = 0; i < n; i++) {
                    y[i] = rng.nextInt(outputs);
                }
                labels = manager.create(y);
            } else if (name.equals("binary-cross-entropy")) {
                labels = Arrays64.uniform(manager, rng, new Shape(n, outputs), DataType.FLOAT64).gt(0.5)
                        .toType(DataType.FLOAT64, false);
            } else {
                labels = Arrays64.normal(manager, rng, new Shape(n, outputs), DataType.FLOAT64);
            }
            z.setRequiresGradient(true);
            double[] closedForm =
                    Autograd.recording(
                            () -> {
                                Autograd.backward(loss.perSample(z, labels).sum());
                                return Arrays64.doubles(loss.outputGradient(z, labels));
                            });
            double[] autograd = Arrays64.doubles(z.getGradient());
            assertThat(closedForm).hasSize(n * outputs);
            assertThat(Arrays64.maxAbsDiff(closedForm, autograd)).as("max |closed form − autograd|").isLessThan(1e-12);
            assertThat(Arrays64.maxAbsDiff(autograd, new double[autograd.length])).isGreaterThan(1e-3);
        }
    }

    @Test
    void namedRejectsUnknownLosses() {
        assertThatThrownBy(() -> Loss.named("hinge"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hinge")
                .hasMessageContaining("cross-entropy");
    }
}
