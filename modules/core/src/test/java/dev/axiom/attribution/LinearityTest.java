package dev.axiom.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.nn.ActivationKind;
import dev.axiom.nn.Architecture;
import dev.axiom.nn.Mlp;
import dev.axiom.nn.Network;
import dev.axiom.nn.Parameter;
import dev.axiom.tensor.Rng;
import dev.axiom.testing.Arrays64;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Linearity: for networks {@code f1}, {@code f2} and a network computing {@code a·f1 + b·f2}, every
 * method's attributions (gradients, gradient × input, integrated gradients with the same baseline
 * and points, expected gradients with the same draws, i.e. the same Rng seed) are {@code a·Φ(f1) +
 * b·Φ(f2)}, to 1e-9 in float64. The combined network is built exactly: its hidden layers
 * concatenate both networks' hidden units (first layer stacked, later layers block-diagonal; for
 * the CNN, the convolution filters are stacked and the dense layer is block-diagonal over the
 * flattened channel blocks), its output layer is {@code [a·V1, b·V2]} with bias
 * {@code a·c1 + b·c2}. Random MLPs of each activation and a small CNN with max-pool.
 */
class LinearityTest {

    private static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    record Case(String name, Architecture f1, Architecture f2, Architecture sum, long seed) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (int seed = 1; seed <= 10; seed++) {
            Rng rng = new Rng(4000 + seed);
            ActivationKind act = Fixtures.ACTIVATIONS[seed % 4];
            int outputs = 1 + rng.nextInt(3);
            Architecture f1;
            Architecture f2;
            Architecture sum;
            boolean cnn = seed % 4 == 3;
            if (cnn) {
                int channels = 1 + rng.nextInt(2);
                int filters1 = 1 + rng.nextInt(3);
                int filters2 = 1 + rng.nextInt(3);
                int dense1 = 2 + rng.nextInt(4);
                int dense2 = 2 + rng.nextInt(4);
                f1 = Fixtures.smallCnn(channels, filters1, dense1, outputs, act);
                f2 = Fixtures.smallCnn(channels, filters2, dense2, outputs, act);
                sum = Fixtures.smallCnn(channels, filters1 + filters2, dense1 + dense2, outputs, act);
            } else {
                int inputs = 3 + rng.nextInt(5);
                int depth = 1 + rng.nextInt(2);
                int[] h1 = new int[depth];
                int[] h2 = new int[depth];
                int[] h = new int[depth];
                for (int i = 0; i < depth; i++) {
                    h1[i] = 2 + rng.nextInt(5);
                    h2[i] = 2 + rng.nextInt(5);
                    h[i] = h1[i] + h2[i];
                }
                f1 = mlp(inputs, h1, outputs, act);
                f2 = mlp(inputs, h2, outputs, act);
                sum = mlp(inputs, h, outputs, act);
            }
            String name = String.format("seed %d %s %s", seed, cnn ? "cnn" : "mlp", act.label());
            cases.add(Arguments.of(new Case(name, f1, f2, sum, seed)));
        }
        return cases.stream();
    }

    private static Architecture mlp(int inputs, int[] hidden, int outputs, ActivationKind act) {
        return Mlp.builder().setInputs(inputs).optHidden(hidden).optActivation(act).setOutputs(outputs).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void attributionsOfACombinationAreTheCombinationOfAttributions(Case c) {
        Rng rng = new Rng(c.seed() * 3 + 7);
        double a = 4 * rng.nextDouble() - 2;
        double b = 4 * rng.nextDouble() - 2;
        try (Network f1 = Fixtures.network(manager, c.f1(), c.seed() * 2);
                Network f2 = Fixtures.network(manager, c.f2(), c.seed() * 2 + 1);
                Network sum = Fixtures.network(manager, c.sum(), 0);
                NDScope scope = new NDScope()) {
            combine(f1, f2, sum, a, b);
            Shape sample = c.f1().inputShape();
            int n = 4;
            NDArray x = Arrays64.normal(manager, rng, new Shape(n).addAll(sample), DataType.FLOAT64);
            NDArray pool = Arrays64.normal(manager, rng, new Shape(8).addAll(sample), DataType.FLOAT64);
            int outputs = Math.toIntExact(f1.outputShape().get(0));
            NDArray labels = Fixtures.labels(manager, rng, n, outputs);

            // The construction: sum(x) = a·f1(x) + b·f2(x) for every output.
            double[] y1 = Arrays64.doubles(f1.predict(x));
            double[] y2 = Arrays64.doubles(f2.predict(x));
            double[] ys = Arrays64.doubles(sum.predict(x));
            double[] combined = combination(a, y1, b, y2);
            assertThat(Arrays64.maxAbsDiff(ys, combined)).as("a·f1 + b·f2").isLessThan(1e-12);
            assertThat(Arrays64.maxAbsDiff(y1, y2)).as("f1 and f2 differ").isGreaterThan(1e-3);

            Map<String, Supplier<AttributionMethod>> methods = new LinkedHashMap<>();
            methods.put("gradients", Attributions::gradients);
            methods.put("gradient × input", Attributions::gradientTimesInput);
            methods.put(
                    "IG zero, trapezoid 50",
                    () -> Attributions.integratedGradients(Baseline.zeros(), 50, Quadrature.TRAPEZOID));
            NDArray mean = pool.mean(new int[] {0});
            methods.put(
                    "IG mean, left 13",
                    () -> Attributions.integratedGradients(Baseline.constant(mean, "mean"), 13, Quadrature.RIEMANN_LEFT));
            methods.put("EG sampled k=6", () -> Attributions.expectedGradients(6, ReferenceSource.sampled(pool)));
            methods.put("EG shifted batch k=2", () -> Attributions.expectedGradients(2));
            for (Target target : new Target[] {Target.trueClass(), Target.index(outputs - 1)}) {
                for (Map.Entry<String, Supplier<AttributionMethod>> m : methods.entrySet()) {
                    AttributionMethod method = m.getValue().get();
                    double[] phi1 = attribute(method, f1, x, labels, target);
                    double[] phi2 = attribute(method, f2, x, labels, target);
                    double[] phiSum = attribute(method, sum, x, labels, target);
                    double[] expected = combination(a, phi1, b, phi2);
                    assertThat(Arrays64.maxAbsDiff(phiSum, expected))
                            .as("%s, %s: Φ(a·f1 + b·f2) vs a·Φ(f1) + b·Φ(f2)", m.getKey(), target.describe())
                            .isLessThan(1e-9 * Math.max(1, Fixtures.maxAbs(expected)));
                    assertThat(Arrays64.maxAbsDiff(phi1, phi2))
                            .as("%s: Φ(f1) and Φ(f2) differ", m.getKey())
                            .isGreaterThan(1e-4);
                }
            }
        }
    }

    private static double[] attribute(AttributionMethod method, Network net, NDArray x, NDArray labels, Target target) {
        // the same seed for every network: EG draws the same references and coefficients
        return Arrays64.doubles(method.attribute(net, x, labels, target, AttributionContext.of(new Rng(99))));
    }

    private static double[] combination(double a, double[] u, double b, double[] v) {
        double[] out = new double[u.length];
        for (int i = 0; i < u.length; i++) {
            out[i] = a * u[i] + b * v[i];
        }
        return out;
    }

    /** Writes into {@code sum} the parameters of {@code a·f1 + b·f2}. */
    static void combine(Network f1, Network f2, Network sum, double a, double b) {
        List<Parameter> w1 = Fixtures.weights(f1);
        List<Parameter> w2 = Fixtures.weights(f2);
        List<Parameter> ws = Fixtures.weights(sum);
        int layers = ws.size();
        for (int t = 0; t < layers; t++) {
            Parameter p1 = w1.get(t);
            Parameter p2 = w2.get(t);
            Parameter ps = ws.get(t);
            double[] v1 = Fixtures.values(p1);
            double[] v2 = Fixtures.values(p2);
            double[] c1 = Fixtures.values(Fixtures.bias(f1, p1.layerIndex()));
            double[] c2 = Fixtures.values(Fixtures.bias(f2, p2.layerIndex()));
            double[] weight;
            double[] bias;
            if (t == 0) {
                // same input: stack the units (rows of a linear weight, filters of a convolution)
                weight = concat(v1, v2);
                bias = concat(c1, c2);
            } else if (t < layers - 1) {
                weight = blockDiagonal(v1, p1.array().getShape(), v2, p2.array().getShape());
                bias = concat(c1, c2);
            } else {
                long rows = p1.array().getShape().get(0);
                int in1 = Math.toIntExact(p1.array().getShape().get(1));
                int in2 = Math.toIntExact(p2.array().getShape().get(1));
                weight = new double[Math.toIntExact(rows) * (in1 + in2)];
                bias = new double[c1.length];
                for (int r = 0; r < rows; r++) {
                    for (int i = 0; i < in1; i++) {
                        weight[r * (in1 + in2) + i] = a * v1[r * in1 + i];
                    }
                    for (int i = 0; i < in2; i++) {
                        weight[r * (in1 + in2) + in1 + i] = b * v2[r * in2 + i];
                    }
                    bias[r] = a * c1[r] + b * c2[r];
                }
            }
            Fixtures.set(ps, weight);
            Fixtures.set(Fixtures.bias(sum, ps.layerIndex()), bias);
        }
    }

    private static double[] concat(double[] u, double[] v) {
        double[] out = new double[u.length + v.length];
        System.arraycopy(u, 0, out, 0, u.length);
        System.arraycopy(v, 0, out, u.length, v.length);
        return out;
    }

    private static double[] blockDiagonal(double[] u, Shape su, double[] v, Shape sv) {
        int r1 = Math.toIntExact(su.get(0));
        int c1 = Math.toIntExact(su.get(1));
        int r2 = Math.toIntExact(sv.get(0));
        int c2 = Math.toIntExact(sv.get(1));
        int cols = c1 + c2;
        double[] out = new double[(r1 + r2) * cols];
        for (int r = 0; r < r1; r++) {
            System.arraycopy(u, r * c1, out, r * cols, c1);
        }
        for (int r = 0; r < r2; r++) {
            System.arraycopy(v, r * c2, out, (r1 + r) * cols + c1, c2);
        }
        return out;
    }
}
