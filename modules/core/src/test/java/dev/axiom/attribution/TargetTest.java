package dev.axiom.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.loss.Loss;
import dev.axiom.tensor.Autograd;
import dev.axiom.tensor.Rng;
import dev.axiom.testing.Arrays64;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Targets are consistent with themselves: for true-class, predicted-class, output-index and
 * per-sample-loss targets (cross-entropy, binary cross-entropy, MSE), {@code outputGradient} equals
 * PyTorch autograd's gradient of {@code value(output).sum()} with respect to the output (a leaf
 * created by the test), to 1e-12 in float64 and 1e-6 in float32; {@code value} has shape
 * {@code (N)} and the values the definitions give (the true-class logit, the largest logit, column
 * k, the loss by hand).
 */
class TargetTest {

    private static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    enum Kind {
        TRUE_CLASS,
        PREDICTED_CLASS,
        INDEX,
        REGRESSION_OUTPUT,
        CROSS_ENTROPY,
        BINARY_CROSS_ENTROPY,
        MSE
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        int seed = 0;
        for (Kind kind : Kind.values()) {
            for (int outputs : new int[] {1, 2, 5}) {
                if ((kind == Kind.REGRESSION_OUTPUT && outputs > 1)
                        || (kind == Kind.CROSS_ENTROPY && outputs == 1)) {
                    continue; // regression has one output; one-class cross-entropy is constant 0
                }
                for (DataType type : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
                    seed++;
                    int n = 1 + (seed % 6);
                    cases.add(Arguments.of(kind, outputs, n, type, seed));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, {1} outputs, N={2}, {3}")
    @MethodSource("cases")
    void outputGradientIsTheAutogradGradientOfTheValue(Kind kind, int outputs, int n, DataType type, int seed) {
        try (NDScope scope = new NDScope()) {
            Rng rng = new Rng(seed);
            NDArray output = Arrays64.normal(manager, rng, new Shape(n, outputs), type).mul(2);
            NDArray labels = labels(kind, rng, n, outputs, type);
            int index = rng.nextInt(outputs);
            Target target = target(kind, index);
            output.setRequiresGradient(true);
            double[][] computed =
                    Autograd.recording(
                            () -> {
                                NDArray value = target.value(output, labels);
                                assertThat(value.getShape()).as("value shape").isEqualTo(new Shape(n));
                                double[] v = Arrays64.doubles(value);
                                Autograd.backward(value.sum());
                                return new double[][] {v, Arrays64.doubles(target.outputGradient(output, labels))};
                            });
            double[] value = computed[0];
            double[] head = computed[1];
            double[] autograd = Arrays64.doubles(output.getGradient());
            double tolerance = type == DataType.FLOAT64 ? 1e-12 : 1e-6;
            assertThat(head).hasSize(n * outputs);
            assertThat(Arrays64.maxAbsDiff(head, autograd))
                    .as("outputGradient vs autograd of value().sum()")
                    .isLessThan(tolerance);
            assertThat(Fixtures.maxAbs(autograd)).as("non-trivial gradient").isGreaterThan(1e-3);
            double[] expected = byHand(kind, Arrays64.doubles(output), labels, n, outputs, index);
            assertThat(Arrays64.maxAbsDiff(value, expected)).as("value by definition").isLessThan(tolerance * 10);
            assertThat(target.needsLabels())
                    .isEqualTo(kind == Kind.TRUE_CLASS || kind.ordinal() >= Kind.CROSS_ENTROPY.ordinal());
        }
    }

    @Test
    void indexOutsideTheOutputsIsRejected() {
        try (NDScope scope = new NDScope()) {
            NDArray output = manager.zeros(new Shape(2, 3), DataType.FLOAT64);
            assertThatThrownBy(() -> Target.index(3).outputGradient(output, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("outside");
            assertThatThrownBy(() -> Target.trueClass().outputGradient(output, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("needs labels");
        }
    }

    @Test
    void namedTargetsResolve() {
        assertThat(Target.named("true-class").describe()).isEqualTo("true-class");
        assertThat(Target.named("predicted-class").describe()).isEqualTo("predicted-class");
        assertThat(Target.named("output-2").describe()).isEqualTo("output-2");
        assertThat(Target.named("regression-output").describe()).isEqualTo("output-0");
        assertThatThrownBy(() -> Target.named("nonsense")).isInstanceOf(IllegalArgumentException.class);
    }

    private static Target target(Kind kind, int index) {
        return switch (kind) {
            case TRUE_CLASS -> Target.trueClass();
            case PREDICTED_CLASS -> Target.predictedClass();
            case INDEX -> Target.index(index);
            case REGRESSION_OUTPUT -> Target.regressionOutput();
            case CROSS_ENTROPY -> Target.loss(Loss.crossEntropy());
            case BINARY_CROSS_ENTROPY -> Target.loss(Loss.binaryCrossEntropy());
            case MSE -> Target.loss(Loss.meanSquaredError());
        };
    }

    private static NDArray labels(Kind kind, Rng rng, int n, int outputs, DataType type) {
        return switch (kind) {
            case TRUE_CLASS, CROSS_ENTROPY -> Fixtures.labels(manager, rng, n, outputs);
            case BINARY_CROSS_ENTROPY ->
                    Arrays64.uniform(manager, rng, new Shape(n, outputs), type).gt(0.5).toType(type, false);
            case MSE -> Arrays64.normal(manager, rng, new Shape(n, outputs), type);
            default -> null;
        };
    }

    /** The explained values from their definitions, on the host. */
    private static double[] byHand(Kind kind, double[] z, NDArray labels, int n, int outputs, int index) {
        double[] v = new double[n];
        double[] y = labels == null ? null : Arrays64.doubles(labels);
        for (int l = 0; l < n; l++) {
            int row = l * outputs;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < outputs; j++) {
                max = Math.max(max, z[row + j]);
            }
            v[l] =
                    switch (kind) {
                        case TRUE_CLASS -> outputs == 1 ? z[row] : z[row + (int) y[l]];
                        case PREDICTED_CLASS -> max;
                        case INDEX -> z[row + index];
                        case REGRESSION_OUTPUT -> z[row];
                        case CROSS_ENTROPY -> {
                            double sum = 0;
                            for (int j = 0; j < outputs; j++) {
                                sum += Math.exp(z[row + j] - max);
                            }
                            yield max + Math.log(sum) - z[row + (int) y[l]];
                        }
                        case BINARY_CROSS_ENTROPY -> {
                            double s = 0;
                            for (int j = 0; j < outputs; j++) {
                                double zz = z[row + j];
                                s += Math.max(zz, 0) - zz * y[row + j] + Math.log1p(Math.exp(-Math.abs(zz)));
                            }
                            yield s;
                        }
                        case MSE -> {
                            double s = 0;
                            for (int j = 0; j < outputs; j++) {
                                double d = z[row + j] - y[row + j];
                                s += d * d / outputs;
                            }
                            yield s;
                        }
                    };
        }
        return v;
    }
}
