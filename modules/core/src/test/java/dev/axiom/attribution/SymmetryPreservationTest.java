package dev.axiom.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.nn.ActivationKind;
import dev.axiom.nn.Architecture;
import dev.axiom.nn.Network;
import dev.axiom.nn.Parameter;
import dev.axiom.tensor.Rng;
import dev.axiom.testing.Arrays64;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Symmetry preservation: if the model is symmetric in features {@code i} and {@code j} (swapping
 * them never changes the output) and the input and the baseline each have equal values in
 * {@code i} and {@code j}, integrated gradients give {@code φ_i = φ_j}; so do expected gradients
 * when every reference also has equal values there (same draws for both features by
 * construction). The symmetry is made exactly: an MLP whose first-layer weight columns {@code i}
 * and {@code j} are equal, or a CNN with max-pool whose convolution kernels are equal for input
 * channels 0 and 1 (symmetric in {@code x[0,r,c] ↔ x[1,r,c]} for every pixel). Float64, to
 * 1e-12.
 */
class SymmetryPreservationTest {

    private static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    record Case(String name, Architecture arch, long seed, boolean cnn, boolean meanBaseline) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (int seed = 1; seed <= 12; seed++) {
            Rng rng = new Rng(6000 + seed);
            ActivationKind act = Fixtures.ACTIVATIONS[seed % 4];
            boolean cnn = seed % 4 == 1;
            int outputs = 1 + rng.nextInt(3);
            Architecture arch =
                    cnn
                            ? Fixtures.smallCnn(2 + rng.nextInt(2), 2 + rng.nextInt(3), 5, outputs, act)
                            : Fixtures.randomMlp(rng, 3 + rng.nextInt(6), outputs, act);
            boolean mean = seed % 2 == 0;
            String name =
                    String.format(
                            "seed %d %s %s, %s baseline",
                            seed, cnn ? "cnn" : "mlp", act.label(), mean ? "constant" : "zero");
            cases.add(Arguments.of(new Case(name, arch, seed, cnn, mean)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void symmetricFeaturesWithEqualValuesGetEqualAttributions(Case c) {
        try (Network net = Fixtures.network(manager, c.arch(), c.seed());
                NDScope scope = new NDScope()) {
            Rng rng = new Rng(c.seed() * 17 + 5);
            Shape sample = c.arch().inputShape();
            int p = Math.toIntExact(sample.size());
            // pairs[k] = {i, j}: the model is symmetric in each pair
            List<int[]> pairs = symmetrize(net, c, rng);
            int n = 3;
            NDArray generic = Arrays64.normal(manager, rng, new Shape(n).addAll(sample), DataType.FLOAT64);

            // The model really is symmetric: swapping a pair (with different values) keeps S.
            double[] g = Arrays64.doubles(generic);
            double[] swapped = g.clone();
            for (int l = 0; l < n; l++) {
                for (int[] pair : pairs) {
                    swapped[l * p + pair[0]] = g[l * p + pair[1]];
                    swapped[l * p + pair[1]] = g[l * p + pair[0]];
                }
            }
            NDArray swappedX = manager.create(swapped, generic.getShape());
            assertThat(Arrays64.maxAbsDiff(Arrays64.doubles(net.predict(swappedX)), Arrays64.doubles(net.predict(generic))))
                    .as("f(swap(x)) = f(x)")
                    .isLessThan(1e-12);
            assertThat(Arrays64.maxAbsDiff(swapped, g)).isGreaterThan(0.1);

            NDArray x = manager.create(equalize(g, pairs, n, p), generic.getShape());
            double[] bv = new double[p];
            if (c.meanBaseline()) {
                for (int i = 0; i < p; i++) {
                    bv[i] = rng.nextGaussian();
                }
                bv = equalize(bv, pairs, 1, p);
            }
            Baseline baseline = Baseline.constant(manager.create(bv, sample), "symmetric constant");
            int outputs = Math.toIntExact(net.outputShape().get(0));
            Target target = Target.index(rng.nextInt(outputs));

            for (Quadrature rule : new Quadrature[] {Quadrature.TRAPEZOID, Quadrature.RIEMANN_RIGHT}) {
                IntegratedGradients ig = new IntegratedGradients(baseline, 20, rule);
                double[] phi = Arrays64.doubles(ig.attribute(net, x, null, target, AttributionContext.of(new Rng(1))));
                assertSymmetric("IG " + rule, phi, pairs, n, p);
            }
            double[] explained =
                    Fixtures.widen(
                            new Explainer(net, 16)
                                    .integratedGradients(x, null, target, baseline, 40, Quadrature.TRAPEZOID)
                                    .attributions());
            assertSymmetric("Explainer IG", explained, pairs, n, p);

            Shape poolShape = new Shape(6).addAll(sample);
            double[] raw = Arrays64.doubles(Arrays64.normal(manager, rng, poolShape, DataType.FLOAT64));
            NDArray pool = manager.create(equalize(raw, pairs, 6, p), poolShape);
            double[] eg =
                    Arrays64.doubles(
                            Attributions.expectedGradients(5, ReferenceSource.sampled(pool))
                                    .attribute(net, x, null, target, AttributionContext.of(new Rng(2))));
            assertSymmetric("EG", eg, pairs, n, p);
        }
    }

    /**
     * Makes the model symmetric: an MLP's first-layer column {@code j} becomes a copy of column
     * {@code i} (one random pair); a CNN's kernels for input channel 1 become copies of channel 0's
     * (pairs {@code (0,r,c) ↔ (1,r,c)} for every pixel).
     */
    private static List<int[]> symmetrize(Network net, Case c, Rng rng) {
        Parameter weight = Fixtures.weights(net).get(0);
        double[] w = Fixtures.values(weight);
        Shape shape = weight.array().getShape();
        List<int[]> pairs = new ArrayList<>();
        if (c.cnn()) {
            int filters = Math.toIntExact(shape.get(0));
            int channels = Math.toIntExact(shape.get(1));
            int per = Math.toIntExact(shape.get(2) * shape.get(3));
            for (int f = 0; f < filters; f++) {
                System.arraycopy(w, (f * channels) * per, w, (f * channels + 1) * per, per);
            }
            int plane = Math.toIntExact(c.arch().inputShape().get(1) * c.arch().inputShape().get(2));
            for (int q = 0; q < plane; q++) {
                pairs.add(new int[] {q, plane + q});
            }
        } else {
            int units = Math.toIntExact(shape.get(0));
            int inputs = Math.toIntExact(shape.get(1));
            int i = rng.nextInt(inputs);
            int j = (i + 1 + rng.nextInt(inputs - 1)) % inputs;
            for (int u = 0; u < units; u++) {
                w[u * inputs + j] = w[u * inputs + i];
            }
            pairs.add(new int[] {i, j});
        }
        Fixtures.set(weight, w);
        return pairs;
    }

    /** A copy of {@code rows × p} values where feature {@code j} of each pair takes the value of {@code i}. */
    private static double[] equalize(double[] v, List<int[]> pairs, int rows, int p) {
        double[] out = v.clone();
        for (int l = 0; l < rows; l++) {
            for (int[] pair : pairs) {
                out[l * p + pair[1]] = out[l * p + pair[0]];
            }
        }
        return out;
    }

    private static void assertSymmetric(String method, double[] phi, List<int[]> pairs, int n, int p) {
        double scale = Math.max(1, Fixtures.maxAbs(phi));
        double largest = 0;
        for (int l = 0; l < n; l++) {
            for (int[] pair : pairs) {
                double a = phi[l * p + pair[0]];
                double b = phi[l * p + pair[1]];
                assertThat(Math.abs(a - b))
                        .as("%s, sample %d: φ_%d = %s vs φ_%d = %s", method, l, pair[0], a, pair[1], b)
                        .isLessThan(1e-12 * scale);
                largest = Math.max(largest, Math.abs(a));
            }
        }
        assertThat(largest).as("%s: the symmetric features get non-zero attributions", method).isGreaterThan(1e-6);
    }
}
