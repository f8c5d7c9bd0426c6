package dev.axiom.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.attribution.AttributionMethod;
import dev.axiom.attribution.Attributions;
import dev.axiom.attribution.Baseline;
import dev.axiom.attribution.Quadrature;
import dev.axiom.attribution.ReferenceSource;
import dev.axiom.attribution.Target;
import dev.axiom.data.Batch;
import dev.axiom.loss.Loss;
import dev.axiom.nn.Architecture;
import dev.axiom.nn.Network;
import dev.axiom.nn.Parameter;
import dev.axiom.prior.GlobalImportance;
import dev.axiom.prior.ParameterNorm;
import dev.axiom.prior.PixelSmoothness;
import dev.axiom.prior.Prior;
import dev.axiom.prior.Priors;
import dev.axiom.tensor.Autograd;
import dev.axiom.tensor.Rng;
import dev.axiom.testing.Arrays64;
import dev.axiom.testing.TestNetworks;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exact second-order gradient: {@code ∂(L + λΩ(Φ))/∂θ} from one ordinary backward through the
 * attribution head against central finite differences, in float64, for every attribution method ×
 * prior on a small MLP and a small CNN with max-pool and dropout, and of the pixel prior (channels
 * summed or averaged) on a 3-channel CNN (the dropout masks, interpolation
 * coefficients and references are fixed by reseeding the step generator for every evaluation).
 *
 * <p>ReLU, max-pool, |·| and the sort in Gini make the objective piecewise smooth; a difference
 * quotient whose interval straddles a kink is wrong by the jump, not the gradient. Each derivative
 * is therefore compared with central differences at three step sizes and must agree with at
 * least one to 1e-6 relative; a wrong gradient disagrees with all of them.
 */
class ObjectiveGradientTest {

    private static final long STEP_SEED = 77;
    private static NDManager manager;
    private static NDArray pool;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String net : List.of("mlp", "cnn")) {
            for (String method : List.of("gradients", "gradxinput", "ig-trapezoid", "ig-left", "eg-shifted", "eg-sampled")) {
                for (String prior : List.of("pixel", "graph", "gini", "rrr", "l1", "l2")) {
                    cases.add(Arguments.of(net, method, prior));
                }
            }
            for (String prior : List.of("weight-l1-all", "weight-l1-first", "weight-l2-all")) {
                cases.add(Arguments.of(net, "none", prior));
            }
        }
        for (String method : List.of("gradients", "ig-trapezoid", "eg-shifted", "eg-sampled")) {
            for (String prior : List.of("pixel", "pixel-mean")) {
                cases.add(Arguments.of("colour-cnn", method, prior));
            }
        }
        cases.add(Arguments.of("mlp", "none", "sgl"));
        cases.add(Arguments.of("mlp", "eg-shifted", "gini+graph"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} / {1} / {2}")
    @MethodSource("cases")
    void finiteDifferencesAgreeWithBackward(String netName, String methodName, String priorName) {
        Architecture arch = switch (netName) {
            case "mlp" -> TestNetworks.smallMlp();
            case "cnn" -> TestNetworks.smallCnn();
            default -> TestNetworks.smallColourCnn();
        };
        Shape sample = arch.inputShape();
        int p = Math.toIntExact(sample.size());
        try (Network net = Network.create(arch, manager.newSubManager(), DataType.FLOAT64, 21)) {
            Rng data = new Rng(5);
            NDArray x = Arrays64.normal(manager, data, new Shape(4).addAll(sample), DataType.FLOAT64);
            NDArray y = manager.create(new long[] {0, 2, 1, 2});
            NDArray mask = Arrays64.uniform(manager, data, x.getShape(), DataType.FLOAT64).gt(0.5)
                    .toType(DataType.FLOAT64, false);
            pool = Arrays64.normal(manager, data, new Shape(9).addAll(sample), DataType.FLOAT64);
            Prior prior = prior(priorName, p, sample);
            AttributionMethod method = method(methodName);
            Penalty penalty =
                    method == null
                            ? Penalty.onParameters(priorName, 0.7, prior)
                            : Penalty.onAttributions(priorName, 0.7, prior, method, Target.trueClass());
            GradientStep step = new GradientStep(net, Objective.of(Loss.crossEntropy()).with(penalty));
            Batch batch = new Batch(x, y, mask);

            double[] analytic = analyticGradient(step, batch, net);
            Rng directions = new Rng(99);
            List<double[]> vs = new ArrayList<>();
            vs.add(randomDirection(directions, analytic.length));
            for (int index : largest(analytic, 4)) {
                double[] e = new double[analytic.length];
                e[index] = 1;
                vs.add(e);
            }
            for (double[] v : vs) {
                double exact = dot(analytic, v);
                double best = Double.POSITIVE_INFINITY;
                double numeric = Double.NaN;
                for (double eps : new double[] {1e-6, 1e-7, 3e-6}) {
                    double fd = directional(step, batch, net, v, eps);
                    double scale = Math.max(Math.max(Math.abs(exact), Math.abs(fd)), 1e-7);
                    if (Math.abs(exact - fd) / scale < best) {
                        best = Math.abs(exact - fd) / scale;
                        numeric = fd;
                    }
                }
                assertThat(best)
                        .as("relative error of the directional derivative (exact %s, numeric %s)", exact, numeric)
                        .isLessThan(1e-6);
            }
            assertThat(Arrays64.maxAbsDiff(analytic, new double[analytic.length])).isGreaterThan(0);
        }
    }

    private static double[] analyticGradient(GradientStep step, Batch batch, Network net) {
        List<NDArray> params = net.parameterArrays();
        Autograd.zeroGradients(params);
        step.accumulate(batch, new Rng(STEP_SEED), GlobalImportance.batchMean());
        List<Double> all = new ArrayList<>();
        for (NDArray g : Autograd.gradients(params)) {
            for (double d : Arrays64.doubles(g)) {
                all.add(d);
            }
        }
        Autograd.zeroGradients(params);
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double directional(GradientStep step, Batch batch, Network net, double[] v, double eps) {
        List<Parameter> params = net.parameters();
        List<NDArray> original = new ArrayList<>();
        List<NDArray> direction = new ArrayList<>();
        int offset = 0;
        for (Parameter p : params) {
            NDArray a = p.array();
            int n = Math.toIntExact(a.getShape().size());
            double[] part = java.util.Arrays.copyOfRange(v, offset, offset + n);
            offset += n;
            original.add(a.duplicate());
            direction.add(manager.create(part, a.getShape()));
        }
        double plus = valueAt(step, batch, params, original, direction, eps);
        double minus = valueAt(step, batch, params, original, direction, -eps);
        setParams(params, original, direction, 0);
        return (plus - minus) / (2 * eps);
    }

    private static double valueAt(
            GradientStep step, Batch batch, List<Parameter> params, List<NDArray> original,
            List<NDArray> direction, double eps) {
        setParams(params, original, direction, eps);
        double value = step.accumulate(batch, new Rng(STEP_SEED), GlobalImportance.batchMean()).loss();
        Autograd.zeroGradients(params.stream().map(Parameter::array).toList());
        return value;
    }

    private static void setParams(List<Parameter> params, List<NDArray> original, List<NDArray> direction, double eps) {
        Autograd.notRecording(
                () -> {
                    for (int i = 0; i < params.size(); i++) {
                        NDArray a = params.get(i).array();
                        a.subi(a).addi(original.get(i).add(direction.get(i).mul(eps)));
                    }
                });
    }

    private static AttributionMethod method(String name) {
        return switch (name) {
            case "none" -> null;
            case "gradients" -> Attributions.gradients();
            case "gradxinput" -> Attributions.gradientTimesInput();
            case "ig-trapezoid" -> Attributions.integratedGradients(Baseline.zeros(), 4, Quadrature.TRAPEZOID);
            case "ig-left" -> Attributions.integratedGradients(Baseline.zeros(), 3, Quadrature.RIEMANN_LEFT);
            case "eg-shifted" -> Attributions.expectedGradients(2);
            case "eg-sampled" -> Attributions.expectedGradients(3, ReferenceSource.sampled(pool));
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static Prior prior(String name, int p, Shape sample) {
        return switch (name) {
            case "pixel" -> sample.dimension() == 3
                    ? Priors.pixelSmoothness()
                    : Priors.pixelSmoothness(PixelSmoothness.Channels.SUM, new Shape(1, 2, 3));
            case "pixel-mean" -> Priors.pixelSmoothness(PixelSmoothness.Channels.MEAN, null);
            case "graph" -> Priors.graph(TestNetworks.randomGraph(p));
            case "gini" -> Priors.gini();
            case "rrr" -> Priors.rightForRightReasons();
            case "l1" -> Priors.attributionL1();
            case "l2" -> Priors.attributionL2();
            case "weight-l1-all" -> Priors.weightL1(ParameterNorm.Scope.ALL_LAYERS);
            case "weight-l1-first" -> Priors.weightL1(ParameterNorm.Scope.FIRST_LAYER);
            case "weight-l2-all" -> Priors.weightL2(ParameterNorm.Scope.ALL_LAYERS);
            case "sgl" -> Priors.sparseGroupLasso(0.4);
            case "gini+graph" -> Priors.sum(
                    Priors.term(0.5, Priors.gini()), Priors.term(2.0, Priors.graph(TestNetworks.randomGraph(p))));
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Indices of the {@code count} largest |g_i|: coordinates whose derivative is well above round-off. */
    private static int[] largest(double[] g, int count) {
        return java.util.stream.IntStream.range(0, g.length)
                .boxed()
                .sorted((a, b) -> Double.compare(Math.abs(g[b]), Math.abs(g[a])))
                .limit(count)
                .mapToInt(Integer::intValue)
                .toArray();
    }

    private static double[] randomDirection(Rng rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
