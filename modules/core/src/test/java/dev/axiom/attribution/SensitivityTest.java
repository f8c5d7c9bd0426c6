package dev.axiom.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.nn.ActivationKind;
import dev.axiom.nn.Architecture;
import dev.axiom.nn.Network;
import dev.axiom.nn.Parameter;
import dev.axiom.tensor.Autograd;
import dev.axiom.tensor.Rng;
import dev.axiom.testing.Arrays64;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sensitivity (b), the "dummy" axiom: a feature the model ignores gets exactly zero attribution. The
 * first layer's weights reading the feature are set to exactly 0 (one input column of an MLP, or
 * every kernel slice of one input channel of a CNN with max-pool, so the whole channel is ignored);
 * then gradients, gradient × input, integrated gradients (zero and mean baseline) and expected
 * gradients (sampled pool and shifted batch) give exactly 0 to it, through the methods and through
 * the {@link Explainer}, in float64 and float32. Also Sensitivity (a) for integrated gradients:
 * when input and baseline differ in one feature only, that feature gets {@code S(x) − S(b)} (to
 * the quadrature error of 300 trapezoid points: 2 %, or 10 % when ReLU or max-pool put kinks on
 * the path) and every other feature exactly 0.
 */
class SensitivityTest {

    private static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    record Case(String name, Architecture arch, long seed, DataType type, boolean cnn) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (int seed = 1; seed <= 10; seed++) {
            Rng rng = new Rng(2000 + seed);
            ActivationKind act = Fixtures.ACTIVATIONS[seed % 4];
            boolean cnn = seed % 5 == 0;
            int outputs = 1 + rng.nextInt(3);
            Architecture arch =
                    cnn
                            ? Fixtures.smallCnn(2 + rng.nextInt(2), 2 + rng.nextInt(2), 4, outputs, act)
                            : Fixtures.randomMlp(rng, 3 + rng.nextInt(6), outputs, act);
            DataType type = seed % 3 == 0 ? DataType.FLOAT32 : DataType.FLOAT64;
            String name =
                    String.format("seed %d %s %s %s", seed, cnn ? "cnn" : "mlp", act.label(), type);
            cases.add(Arguments.of(new Case(name, arch, seed, type, cnn)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ignoredFeatureGetsExactlyZero(Case c) {
        try (Network net = Network.create(c.arch(), manager.newSubManager(), c.type(), c.seed());
                NDScope scope = new NDScope()) {
            Rng rng = new Rng(c.seed() * 5 + 1);
            Shape sample = c.arch().inputShape();
            int ignored = rng.nextInt(Math.toIntExact(sample.get(0)));
            boolean[] mask = ignore(net, c, ignored);
            int n = 4;
            NDArray x = Arrays64.normal(manager, rng, new Shape(n).addAll(sample), c.type());
            NDArray pool = Arrays64.normal(manager, rng, new Shape(10).addAll(sample), c.type());
            int outputs = Math.toIntExact(net.outputShape().get(0));
            NDArray labels = Fixtures.labels(manager, rng, n, outputs);
            Target target = Target.trueClass();

            // The model really ignores it: changing the feature leaves the output bit-identical.
            NDArray moved = x.add(manager.create(maskArray(mask), sample).toType(c.type(), false).mul(3.0));
            assertThat(Arrays64.doubles(net.predict(moved))).containsExactly(Arrays64.doubles(net.predict(x)));

            NDArray mean = pool.mean(new int[] {0});
            Map<String, AttributionMethod> methods = new LinkedHashMap<>();
            methods.put("gradients", Attributions.gradients());
            methods.put("gradient × input", Attributions.gradientTimesInput());
            methods.put("IG zero baseline", Attributions.integratedGradients(Baseline.zeros(), 16, Quadrature.TRAPEZOID));
            Baseline meanBaseline = Baseline.constant(mean, "mean");
            methods.put("IG mean baseline", Attributions.integratedGradients(meanBaseline, 9, Quadrature.RIEMANN_RIGHT));
            methods.put("EG sampled", Attributions.expectedGradients(5, ReferenceSource.sampled(pool)));
            methods.put("EG shifted batch", Attributions.expectedGradients(3));
            for (Map.Entry<String, AttributionMethod> m : methods.entrySet()) {
                double[] phi =
                        Arrays64.doubles(m.getValue().attribute(net, x, labels, target, AttributionContext.of(new Rng(4))));
                assertZeroExactlyWhereIgnored(m.getKey(), phi, mask);
            }
            Explainer explainer = new Explainer(net, 8);
            Map<String, Explanation> explained = new LinkedHashMap<>();
            explained.put("Explainer gradients", explainer.gradients(x, labels, target));
            explained.put("Explainer gradient × input", explainer.gradientTimesInput(x, labels, target));
            explained.put(
                    "Explainer IG",
                    explainer.integratedGradients(x, labels, target, meanBaseline, 20, Quadrature.RIEMANN_MIDDLE));
            explained.put(
                    "Explainer EG",
                    explainer.expectedGradients(x, labels, target, ReferenceSource.sampled(pool), 12, new Rng(6)));
            for (Map.Entry<String, Explanation> e : explained.entrySet()) {
                assertZeroExactlyWhereIgnored(e.getKey(), Fixtures.widen(e.getValue().attributions()), mask);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void integratedGradientsGiveTheWholeGapToTheOnlyFeatureThatDiffers(Case c) {
        try (Network net = Network.create(c.arch(), manager.newSubManager(), c.type(), c.seed());
                NDScope scope = new NDScope()) {
            Rng rng = new Rng(c.seed() * 11 + 2);
            Shape sample = c.arch().inputShape();
            int p = Math.toIntExact(sample.size());
            NDArray x = Arrays64.normal(manager, rng, new Shape(1).addAll(sample), c.type());
            int feature = rng.nextInt(p);
            double[] bv = Arrays64.doubles(x);
            bv[feature] -= 3.0;
            NDArray b = manager.create(bv, new Shape(1).addAll(sample)).toType(c.type(), false);
            Target target = Target.index(0);
            IntegratedGradients ig =
                    new IntegratedGradients(
                            Baseline.constant(b.squeeze(0), "x with one feature moved"), 300, Quadrature.TRAPEZOID);
            double[] phi = Arrays64.doubles(ig.attribute(net, x, null, target, AttributionContext.of(new Rng(1))));
            double gap = Fixtures.explained(net, x, null, target)[0] - Fixtures.explained(net, b, null, target)[0];
            assertThat(Math.abs(gap)).as("the feature matters to the model").isGreaterThan(1e-4);
            for (int i = 0; i < p; i++) {
                if (i != feature) {
                    assertThat(Math.abs(phi[i])).as("feature %d (no difference)", i).isEqualTo(0.0);
                }
            }
            // Non-zero and equal to the gap up to the quadrature error (first order when ReLU or
            // max-pool put kinks on the path: see IntegratedGradientsCompletenessTest).
            boolean kinked = c.cnn() || c.name().contains("relu");
            double tolerance = kinked ? 0.1 : 0.02;
            assertThat(Math.abs(phi[feature] - gap))
                    .as("φ of the feature that differs (%s) vs the gap (%s)", phi[feature], gap)
                    .isLessThan(tolerance * Math.abs(gap) + (c.type() == DataType.FLOAT32 ? 1e-5 : 0));
        }
    }

    /**
     * Sets to exactly 0 the first-layer weights that read {@code ignored} (an input feature of an
     * MLP, an input channel of a CNN); returns the per-sample mask of ignored input positions.
     */
    private static boolean[] ignore(Network net, Case c, int ignored) {
        Parameter weight = Fixtures.weights(net).get(0);
        NDArray w = weight.array();
        Shape sample = c.arch().inputShape();
        boolean[] mask = new boolean[Math.toIntExact(sample.size())];
        // linear weight (units, inputs): feature `ignored` is read by column [:, ignored];
        // conv weight (filters, channels, k, k): channel `ignored` is read by [:, ignored, :, :]
        Autograd.notRecording(() -> w.set(new NDIndex(":, {}", ignored), 0));
        double[] values = Fixtures.values(weight);
        if (c.cnn()) {
            long plane = sample.get(1) * sample.get(2);
            for (int i = 0; i < plane; i++) {
                mask[(int) (ignored * plane + i)] = true;
            }
            long per = w.getShape().get(2) * w.getShape().get(3);
            long channels = w.getShape().get(1);
            for (long f = 0; f < w.getShape().get(0); f++) {
                for (long k = 0; k < per; k++) {
                    double v = values[(int) ((f * channels + ignored) * per + k)];
                    assertThat(Math.abs(v)).isEqualTo(0.0);
                }
            }
        } else {
            mask[ignored] = true;
            long in = w.getShape().get(1);
            for (long u = 0; u < w.getShape().get(0); u++) {
                assertThat(Math.abs(values[(int) (u * in + ignored)])).isEqualTo(0.0);
            }
        }
        return mask;
    }

    private static double[] maskArray(boolean[] mask) {
        double[] m = new double[mask.length];
        for (int i = 0; i < mask.length; i++) {
            m[i] = mask[i] ? 1 : 0;
        }
        return m;
    }

    private static void assertZeroExactlyWhereIgnored(String method, double[] phi, boolean[] mask) {
        int p = mask.length;
        double others = 0;
        for (int i = 0; i < phi.length; i++) {
            if (mask[i % p]) {
                assertThat(Math.abs(phi[i]))
                        .as("%s: attribution of ignored feature %d of sample %d", method, i % p, i / p)
                        .isEqualTo(0.0);
            } else {
                others = Math.max(others, Math.abs(phi[i]));
            }
        }
        assertThat(others).as("%s: the other features get attributions", method).isGreaterThan(1e-6);
    }
}
