package dev.axiom.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.loss.Loss;
import dev.axiom.nn.ActivationKind;
import dev.axiom.nn.Architecture;
import dev.axiom.nn.Network;
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
 * Completeness of integrated gradients: {@code Σ_i φ_i = S(x) − S(b)}.
 *
 * <p>On random small float64 MLPs (ReLU, softplus, tanh, sigmoid) and a small CNN with max-pool,
 * explaining an output, the true-class or predicted-class logit or a per-sample loss, from the
 * zero and a constant (mean) baseline, with 300 trapezoid points:
 *
 * <ul>
 *   <li>Σφ is exactly (1e-10) the trapezoid sum of the path integrand
 *       {@code h(α_j) = (x − b)·∇S(b + α_j(x − b))}, computed independently from input gradients
 *       at the points;
 *   <li>Σφ matches {@code S(x) − S(b)} to 1e-4 relative (to {@code max(|gap|, 0.01)}) when the
 *       path is smooth; when ReLU, max-pool or the predicted-class argmax put kinks on it, the rule
 *       is only first order and 1e-3 at 300 points is not attainable, so the bound is the
 *       trapezoid error bound {@code (Δα/2)·TV(h)} (times 2) plus 1e-4 relative;
 *   <li>the chunked {@link Explainer} ({@code maxRowsPerPass} 97, 450, 10000) gives the one-batch
 *       result to 1e-6 relative (it returns float32), with {@code output} and
 *       {@code referenceOutput} equal to {@code S(x)} and {@code S(b)}.
 * </ul>
 *
 * <p>For a linear model, {@code φ = w ⊙ (x − b)} and completeness hold exactly (1e-12, 1e-9) for
 * every quadrature rule and number of points.
 */
class IntegratedGradientsCompletenessTest {

    private static final int STEPS = 300;
    /** 1e-3 asked for; smooth paths do far better (the trapezoid rule is then second order). */
    private static final double RELATIVE_TOLERANCE = 1e-4;
    private static final double GAP_FLOOR = 1e-2;
    /** Explained scalars: an output, the true-class and predicted-class logits, two losses. */
    private static final String[] TARGETS = {"index", "true-class", "loss-ce", "predicted-class", "loss-mse"};
    private static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    /** A random network, its explained target and the data it is explained on. */
    record Case(
            String name, Architecture arch, long seed, boolean meanBaseline, String target, boolean kinked) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (int seed = 1; seed <= 12; seed++) {
            Rng rng = new Rng(1000 + seed);
            ActivationKind act = Fixtures.ACTIVATIONS[seed % 4];
            boolean cnn = seed % 3 == 0;
            int outputs = 1 + rng.nextInt(4);
            Architecture arch =
                    cnn
                            ? Fixtures.smallCnn(1 + rng.nextInt(2), 2 + rng.nextInt(3), 4 + rng.nextInt(4), outputs, act)
                            : Fixtures.randomMlp(rng, 3 + rng.nextInt(6), outputs, act);
            for (boolean mean : new boolean[] {false, true}) {
                String target = TARGETS[seed % TARGETS.length];
                if (target.equals("loss-ce") && outputs == 1) {
                    target = "loss-mse"; // one-class cross-entropy is constant
                }
                String name =
                        String.format(
                                "seed %d %s %s, %s baseline, %s",
                                seed, cnn ? "cnn" : "mlp", act.label(), mean ? "mean" : "zero", target);
                // ReLU, max-pool and the argmax of predicted-class put kinks on the path
                boolean kinked = cnn || act == ActivationKind.RELU || target.equals("predicted-class");
                cases.add(Arguments.of(new Case(name, arch, seed, mean, target, kinked)));
            }
        }
        return cases.stream();
    }

    /** One baseline per network (alternating), for the slower chunking checks. */
    static Stream<Arguments> chunkCases() {
        List<Arguments> all = cases().toList();
        List<Arguments> half = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 2) {
            half.add(all.get(i + (i / 2) % 2));
        }
        return half.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sumOfAttributionsIsTheGapToTheBaseline(Case c) {
        try (Network net = Fixtures.network(manager, c.arch(), c.seed());
                NDScope scope = new NDScope()) {
            Setup s = setup(net, c, 3);
            IntegratedGradients ig = new IntegratedGradients(s.baseline, STEPS, Quadrature.TRAPEZOID);
            NDArray phi = ig.attribute(net, s.x, s.labels, s.target, AttributionContext.of(new Rng(1)));
            assertThat(phi.getShape()).isEqualTo(s.x.getShape());
            double[] sums = Fixtures.rowSums(Arrays64.doubles(phi), s.n);
            double[] gap = gap(net, s);
            // The integrand h(α) = (x − b)·∇S(b + α(x − b)) at the 300 trapezoid points.
            double[][] h = integrand(net, s, Quadrature.TRAPEZOID.points(STEPS));
            double[] w = Quadrature.TRAPEZOID.weights(STEPS);
            double[] slack = new double[s.n];
            for (int l = 0; l < s.n; l++) {
                double quadrature = 0;
                double variation = 0;
                for (int j = 0; j < STEPS; j++) {
                    quadrature += w[j] * h[j][l];
                    if (j > 0) {
                        variation += Math.abs(h[j][l] - h[j - 1][l]);
                    }
                }
                assertThat(Math.abs(sums[l] - quadrature))
                        .as("sample %d: Σφ is the trapezoid sum of the path integrand", l)
                        .isLessThan(1e-10 * Math.max(1, Math.abs(quadrature)));
                // Kinks (ReLU, max-pool switches) make the integrand jump, and the trapezoid rule
                // is then only first order: |error| ≤ (Δα/2)·TV(h), TV the total variation of the
                // integrand. The discrete variation estimates TV(h); assertComplete allows twice
                // the bound to cover what it misses between points.
                slack[l] = c.kinked() ? variation / (2.0 * (STEPS - 1)) : 0;
            }
            assertComplete(sums, gap, slack);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chunkCases")
    void chunkedExplainerMatchesOneBatchAndIsComplete(Case c) {
        try (Network net = Fixtures.network(manager, c.arch(), c.seed());
                NDScope scope = new NDScope()) {
            Setup s = setup(net, c, 3);
            IntegratedGradients ig = new IntegratedGradients(s.baseline, STEPS, Quadrature.TRAPEZOID);
            double[] oneBatch =
                    Arrays64.doubles(ig.attribute(net, s.x, s.labels, s.target, AttributionContext.of(new Rng(1))));
            double[] gap = gap(net, s);
            double[] atX = Fixtures.explained(net, s.x, s.labels, s.target);
            double[] slack = new double[s.n];
            for (int maxRows : new int[] {97, 450, 10_000}) {
                Explanation e =
                        new Explainer(net, maxRows)
                                .integratedGradients(s.x, s.labels, s.target, s.baseline, STEPS, Quadrature.TRAPEZOID);
                assertThat(e.shape()).isEqualTo(s.x.getShape());
                double[] chunked = Fixtures.widen(e.attributions());
                assertThat(Arrays64.relativeError(chunked, oneBatch, 1.0))
                        .as("chunked (maxRowsPerPass=%d) vs one batch", maxRows)
                        .isLessThan(1e-6);
                double[] reported = new double[s.n];
                for (int i = 0; i < s.n; i++) {
                    reported[i] = (double) e.output()[i] - e.referenceOutput()[i];
                }
                assertThat(Arrays64.maxAbsDiff(Fixtures.widen(e.output()), atX))
                        .as("Explanation.output is S(x)")
                        .isLessThan(1e-6);
                assertThat(Arrays64.maxAbsDiff(reported, gap))
                        .as("Explanation.output − referenceOutput is S(x) − S(b)")
                        .isLessThan(1e-6);
                double[] sums = new double[s.n];
                double[] oneBatchSums = Fixtures.rowSums(oneBatch, s.n);
                for (int i = 0; i < s.n; i++) {
                    sums[i] = e.rowSum(i);
                    // the one-batch result's distance to completeness is what the chunked one may have
                    slack[i] = Math.abs(oneBatchSums[i] - gap[i]) / 2 + 1e-6;
                }
                assertComplete(sums, reported, slack);
            }
        }
    }

    static Stream<Arguments> linearCases() {
        List<Arguments> cases = new ArrayList<>();
        int seed = 0;
        for (Quadrature rule : Quadrature.values()) {
            for (int m : new int[] {1, 2, 3, 7, 50}) {
                if (rule == Quadrature.TRAPEZOID && m < 2) {
                    continue;
                }
                seed++;
                cases.add(Arguments.of(rule, m, seed % 2 == 0, seed));
                // (only linear targets here: an output or the true-class logit)
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, m={1}, mean baseline {2}")
    @MethodSource("linearCases")
    void exactForALinearModel(Quadrature rule, int steps, boolean meanBaseline, int seed) {
        Rng rng = new Rng(500 + seed);
        int inputs = 2 + rng.nextInt(7);
        int outputs = 1 + rng.nextInt(3);
        String target = seed % 3 == 0 ? "true-class" : "index";
        Case c = new Case("linear", Fixtures.linear(inputs, outputs), seed, meanBaseline, target, false);
        try (Network net = Fixtures.network(manager, c.arch(), c.seed());
                NDScope scope = new NDScope()) {
            Setup s = setup(net, c, 4);
            IntegratedGradients ig = new IntegratedGradients(s.baseline, steps, rule);
            double[] phi =
                    Arrays64.doubles(ig.attribute(net, s.x, s.labels, s.target, AttributionContext.of(new Rng(1))));
            double[] gap = gap(net, s);
            double[] sums = Fixtures.rowSums(phi, s.n);
            assertThat(Arrays64.maxAbsDiff(sums, gap)).as("|Σφ − (S(x) − S(b))|").isLessThan(1e-9);
            assertThat(Fixtures.maxAbs(gap)).as("the gap is not trivially zero").isGreaterThan(1e-3);
            // φ = w_target ⊙ (x − b) elementwise.
            double[] w = Fixtures.values(Fixtures.weights(net).get(0));
            double[] x = Arrays64.doubles(s.x);
            double[] b = Arrays64.doubles(s.baseline.of(s.x));
            long[] targets = targetRows(s, outputs);
            double[] expected = new double[phi.length];
            for (int l = 0; l < s.n; l++) {
                for (int i = 0; i < inputs; i++) {
                    expected[l * inputs + i] = w[(int) targets[l] * inputs + i] * (x[l * inputs + i] - b[l * inputs + i]);
                }
            }
            assertThat(Arrays64.maxAbsDiff(phi, expected)).as("φ vs w ⊙ (x − b)").isLessThan(1e-12);
        }
    }

    private static long[] targetRows(Setup s, int outputs) {
        if (s.labels != null && outputs > 1) {
            return s.labels.toLongArray();
        }
        long[] t = new long[s.n];
        java.util.Arrays.fill(t, s.index);
        return t;
    }

    /** Inputs, labels, target and baseline for a case. */
    private static final class Setup {
        NDArray x;
        NDArray labels;
        Target target;
        Baseline baseline;
        int n;
        int index;
    }

    private static Setup setup(Network net, Case c, int n) {
        Rng rng = new Rng(7 * c.seed() + 3);
        Shape sample = c.arch().inputShape();
        int outputs = Math.toIntExact(net.outputShape().get(0));
        Setup s = new Setup();
        s.n = n;
        s.x = Arrays64.normal(manager, rng, new Shape(n).addAll(sample), DataType.FLOAT64);
        switch (c.target()) {
            case "index" -> {
                s.index = rng.nextInt(outputs);
                s.target = Target.index(s.index);
            }
            case "true-class" -> {
                s.labels = Fixtures.labels(manager, rng, n, outputs);
                s.target = Target.trueClass();
            }
            case "predicted-class" -> s.target = Target.predictedClass();
            case "loss-ce" -> {
                s.labels = Fixtures.labels(manager, rng, n, outputs);
                s.target = Target.loss(Loss.crossEntropy());
            }
            case "loss-mse" -> {
                s.labels = Arrays64.normal(manager, rng, new Shape(n, outputs), DataType.FLOAT64);
                s.target = Target.loss(Loss.meanSquaredError());
            }
            default -> throw new IllegalArgumentException(c.target());
        }
        if (c.meanBaseline()) {
            NDArray data = Arrays64.normal(manager, rng, new Shape(20).addAll(sample), DataType.FLOAT64);
            NDArray mean = data.mean(new int[] {0}).add(0.5);
            s.baseline = Baseline.constant(mean, "mean");
        } else {
            s.baseline = Baseline.zeros();
        }
        return s;
    }

    private static double[] gap(Network net, Setup s) {
        double[] atX = Fixtures.explained(net, s.x, s.labels, s.target);
        double[] atB = Fixtures.explained(net, s.baseline.of(s.x), s.labels, s.target);
        double[] gap = new double[s.n];
        for (int i = 0; i < s.n; i++) {
            gap[i] = atX[i] - atB[i];
        }
        return gap;
    }

    /** {@code h[j][ℓ] = (x_ℓ − b_ℓ)·∇S(b_ℓ + α_j(x_ℓ − b_ℓ))}. */
    private static double[][] integrand(Network net, Setup s, double[] alphas) {
        NDArray b = s.baseline.of(s.x);
        NDArray delta = s.x.sub(b);
        int m = alphas.length;
        long[] column = new long[s.x.getShape().dimension() + 1];
        java.util.Arrays.fill(column, 1);
        column[0] = m;
        NDArray alpha = manager.create(alphas).reshape(new Shape(column));
        NDArray points = b.expandDims(0).add(alpha.mul(delta.expandDims(0)));
        Shape sample = s.x.getShape().slice(1);
        points = points.reshape(new Shape((long) m * s.n).addAll(sample));
        NDArray labels = s.labels == null ? null : IntegratedGradients.tile(s.labels, m);
        NDArray g = new InputGradient().attribute(net, points, labels, s.target, AttributionContext.of(new Rng(1)));
        double[] terms =
                Arrays64.doubles(g.reshape(new Shape(m).addAll(s.x.getShape())).mul(delta.expandDims(0)));
        int p = Math.toIntExact(sample.size());
        double[][] h = new double[m][s.n];
        for (int j = 0; j < m; j++) {
            for (int l = 0; l < s.n; l++) {
                for (int i = 0; i < p; i++) {
                    h[j][l] += terms[(j * s.n + l) * p + i];
                }
            }
        }
        return h;
    }

    /**
     * {@code |Σφ − gap| ≤ 1e-4·max(|gap|, floor) + 2·slack} per sample, and the gap is not trivially
     * zero.
     */
    private static void assertComplete(double[] sums, double[] gap, double[] slack) {
        for (int i = 0; i < gap.length; i++) {
            double allowed = RELATIVE_TOLERANCE * Math.max(Math.abs(gap[i]), GAP_FLOOR) + 2 * slack[i];
            assertThat(Math.abs(sums[i] - gap[i]))
                    .as("sample %d: Σφ = %s, S(x) − S(b) = %s", i, sums[i], gap[i])
                    .isLessThan(allowed);
        }
        assertThat(Fixtures.maxAbs(gap)).as("the gap is not trivially zero").isGreaterThan(1e-3);
    }
}
