package dev.axiom.train;

import static dev.axiom.nn.GraphFixtures.act;
import static dev.axiom.nn.GraphFixtures.ceil;
import static dev.axiom.nn.GraphFixtures.conv;
import static dev.axiom.nn.GraphFixtures.graph;
import static dev.axiom.nn.GraphFixtures.node;
import static dev.axiom.nn.GraphFixtures.window;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.attribution.Attributions;
import dev.axiom.attribution.Target;
import dev.axiom.data.Batch;
import dev.axiom.loss.Loss;
import dev.axiom.nn.ActivationKind;
import dev.axiom.nn.Architecture;
import dev.axiom.nn.GraphFixtures;
import dev.axiom.nn.LayerSpec;
import dev.axiom.nn.Network;
import dev.axiom.nn.Node;
import dev.axiom.nn.Parameter;
import dev.axiom.nn.Window2d;
import dev.axiom.prior.GlobalImportance;
import dev.axiom.prior.Prior;
import dev.axiom.prior.Priors;
import dev.axiom.tensor.Autograd;
import dev.axiom.tensor.Rng;
import dev.axiom.testing.TestNetworks;
import dev.axiom.tensor.Tensors;
import dev.axiom.testing.Arrays64;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exact gradient of {@code L + λΩ(EG)} for graph networks: {@code ∂(L + λΩ)/∂θ} from one
 * ordinary backward through the attribution head (the graph's rules run in reverse, gradients of a
 * tensor read twice summed) against central finite differences in float64, relative error below
 * 1e-6, on the entry of every trainable array with the largest derivative, on a random entry of
 * every third array, and along a random direction of all parameters. Together the three networks
 * use every layer kind the graph change added, fan-out, and batch norm in both attribution modes.
 *
 * <p>How kinks are kept out of the difference quotients: there are no ReLUs (the smooth
 * activations stand in for them: softplus, tanh, sigmoid); the remaining kinks — leaky ReLU at 0,
 * clip at its bounds, max-pool where two values of a window tie, |·| in the priors — are crossed by
 * a step of ±h·e_i only if a pre-activation lies within about h·|∂z/∂θ_i| ≈ 1e-6 of one; with
 * Gaussian inputs and randomised parameters no value sits on a kink, so this happens with
 * probability about 1e-6 per unit. As in {@code ObjectiveGradientTest}, each derivative is
 * compared with central differences at three step sizes and must agree with one of them: a
 * quotient that straddles a kink is wrong by the jump and disagrees at every step size, while a
 * wrong analytic derivative disagrees with all three.
 *
 * <p>Batch norm: with the attribution passes in training behaviour ({@code attributionDropout})
 * they normalise with the batch's statistics and the whole objective is a smooth function of θ.
 * In inference behaviour they use the running statistics, which the step's own training pass
 * updates (without gradient, as PyTorch does) before the attribution passes; for the finite
 * differences to see the same function, those batch norms use momentum 1e-12 (the update's
 * dependence on θ is then below round-off) and the running statistics are restored before every
 * evaluation.
 */
class GraphObjectiveGradientTest {

    private static final long STEP_SEED = 77;
    private static final double TINY_MOMENTUM = 1e-12;
    private static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    /**
     * Residual CNN: stem conv (no bias) − BN − softplus; a basic block with a dilated conv and
     * leaky ReLU whose sum reads the stem's output again (fan-out); then two branches of the block's
     * output, an overlapping ceil-mode max-pool and a strided conv that leaves a row unread, each
     * globally average-pooled and concatenated on channels.
     */
    static Architecture residualCnn(double momentum) {
        LayerSpec bn = new LayerSpec.BatchNorm(momentum, 1e-5);
        return graph(new Shape(2, 6, 6),
                node("stem", conv(4, Window2d.square(3, 1, 1), 1, false), "x"),
                node("stem.bn", bn, "stem"),
                node("stem.act", act(ActivationKind.SOFTPLUS), "stem.bn"),
                node("b.conv1", conv(4, window(3, 3, 1, 1, 2, 2, 2, 2, 2, 2, false), 1, false), "stem.act"),
                node("b.bn1", bn, "b.conv1"),
                node("b.act1", new LayerSpec.LeakyRelu(0.1), "b.bn1"),
                node("b.conv2", conv(4, Window2d.square(3, 1, 1), 1, false), "b.act1"),
                node("b.bn2", bn, "b.conv2"),
                node("b.add", new LayerSpec.Add(), "b.bn2", "stem.act"),
                node("b.act2", act(ActivationKind.SOFTPLUS), "b.add"),
                node("pool", new LayerSpec.MaxPool2d(ceil(3, 2, 1)), "b.act2"),
                node("down", conv(6, Window2d.square(3, 2, 0), 1, true), "b.act2"),
                node("pool.gap", new LayerSpec.GlobalAvgPool(), "pool"),
                node("down.gap", new LayerSpec.GlobalAvgPool(), "down"),
                node("cat", new LayerSpec.Concat(0), "pool.gap", "down.gap"),
                node("flat", new LayerSpec.Flatten(), "cat"),
                node("fc", new LayerSpec.Linear(3, true), "flat"));
    }

    /**
     * Depthwise-separable block with squeeze-and-excitation: pad, depthwise conv (asymmetric
     * padding), clip, pointwise conv − BN − tanh, SE gate (gap, two linear layers, sigmoid,
     * reshape) multiplied in, a grouped strided conv, two overlapping average pools (ceil mode
     * counting the padding, then not counting it), shift and scale, flatten, linear.
     */
    static Architecture depthwiseSe() {
        return graph(new Shape(3, 6, 6),
                node("pad", new LayerSpec.Pad(List.of(0, 1, 0), List.of(0, 0, 1), 0.0), "x"),
                node("dw", conv(3, window(3, 3, 1, 1, 1, 0, 1, 2, 1, 1, false), 3, true), "pad"),
                node("dw.clip", new LayerSpec.Clip(-1.5, 1.5), "dw"),
                node("pw", conv(6, Window2d.square(1, 1, 0), 1, false), "dw.clip"),
                node("pw.bn", new LayerSpec.BatchNorm(TINY_MOMENTUM, 1e-5), "pw"),
                node("pw.act", act(ActivationKind.TANH), "pw.bn"),
                node("se.squeeze", new LayerSpec.GlobalAvgPool(), "pw.act"),
                node("se.flat", new LayerSpec.Flatten(), "se.squeeze"),
                node("se.fc1", new LayerSpec.Linear(3, true), "se.flat"),
                node("se.act", act(ActivationKind.SOFTPLUS), "se.fc1"),
                node("se.fc2", new LayerSpec.Linear(6, true), "se.act"),
                node("se.gate", act(ActivationKind.SIGMOID), "se.fc2"),
                node("se.shape", new LayerSpec.Reshape(new Shape(6, 1, 1)), "se.gate"),
                node("se.excite", new LayerSpec.Mul(), "pw.act", "se.shape"),
                node("grouped", conv(6, Window2d.square(3, 2, 1), 2, true), "se.excite"),
                node("avg1", new LayerSpec.AvgPool2d(ceil(3, 2, 1), true), "grouped"),
                node("avg2", new LayerSpec.AvgPool2d(Window2d.square(3, 1, 1), false), "avg1"),
                node("shift", new LayerSpec.Shift(new Shape(6, 1, 1), true), "avg2"),
                node("scale", new LayerSpec.Scale(new Shape(), true), "shift"),
                node("flat", new LayerSpec.Flatten(), "scale"),
                node("fc", new LayerSpec.Linear(3, true), "flat"));
    }

    /**
     * Tabular net of concatenated branches of the input (which four nodes read): leaky ReLU, clip
     * with no lower bound, reshape + shift + flatten, and the input itself; identity, a trainable
     * scale, a sigmoid gate of the concatenation multiplied in, constant padding, linear.
     */
    static Architecture concatTabular() {
        return graph(new Shape(8),
                node("a", new LayerSpec.Linear(6, true), "x"),
                node("a.act", new LayerSpec.LeakyRelu(0.2), "a"),
                node("b", new LayerSpec.Linear(5, true), "x"),
                node("b.clip", new LayerSpec.Clip(Double.NEGATIVE_INFINITY, 0.5), "b"),
                node("c", new LayerSpec.Reshape(new Shape(2, 4)), "x"),
                node("c.shift", new LayerSpec.Shift(new Shape(2, 1), true), "c"),
                node("c.flat", new LayerSpec.Flatten(), "c.shift"),
                node("cat", new LayerSpec.Concat(0), "a.act", "b.clip", "c.flat", "x"),
                node("id", new LayerSpec.Identity(), "cat"),
                node("scale", new LayerSpec.Scale(new Shape(27), true), "id"),
                node("gate", act(ActivationKind.SIGMOID), "cat"),
                node("gated", new LayerSpec.Mul(), "scale", "gate"),
                node("pad", new LayerSpec.Pad(List.of(1), List.of(2), 0.3), "gated"),
                node("fc", new LayerSpec.Linear(3, true), "pad"));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("residual-cnn / pixel / running statistics", "residual", "pixel", false),
                Arguments.of("residual-cnn / pixel / batch statistics", "residual", "pixel", true),
                Arguments.of("depthwise-se / pixel / running statistics", "se", "pixel", false),
                Arguments.of("concat-tabular / gini", "tabular", "gini", false),
                Arguments.of("concat-tabular / graph", "tabular", "graph", false));
    }

    private static Architecture architecture(String net, boolean batchStatistics) {
        return switch (net) {
            case "residual" -> residualCnn(batchStatistics ? 0.1 : TINY_MOMENTUM);
            case "se" -> depthwiseSe();
            case "tabular" -> concatTabular();
            default -> throw new IllegalArgumentException(net);
        };
    }

    /** The three networks together use every new layer kind, and a tensor read by several nodes. */
    @Test
    void theNetworksCoverEveryNewKindAndFanOut() {
        Set<Class<?>> used = new HashSet<>();
        for (Architecture arch : List.of(residualCnn(0.1), depthwiseSe(), concatTabular())) {
            arch.nodes().forEach(n -> used.add(n.spec().getClass()));
            Set<String> read = new HashSet<>();
            boolean fanOut = false;
            for (Node n : arch.nodes()) {
                for (String in : n.inputs()) {
                    fanOut |= !read.add(in);
                }
            }
            assertThat(fanOut).as("a tensor read by two nodes in %s", arch.summary()).isTrue();
        }
        assertThat(used).contains(LayerSpec.Add.class, LayerSpec.Mul.class, LayerSpec.Concat.class,
                LayerSpec.GlobalAvgPool.class, LayerSpec.LeakyRelu.class, LayerSpec.Clip.class, LayerSpec.Pad.class,
                LayerSpec.Reshape.class, LayerSpec.Identity.class, LayerSpec.Shift.class, LayerSpec.Scale.class,
                LayerSpec.Conv2d.class, LayerSpec.MaxPool2d.class, LayerSpec.AvgPool2d.class, LayerSpec.BatchNorm.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backwardThroughTheHeadAgreesWithFiniteDifferences(String name, String netName, String priorName, boolean batchStatistics) {
        Architecture arch = architecture(netName, batchStatistics);
        Shape sample = arch.inputShape();
        try (Network net = Network.create(arch, manager.newSubManager(), DataType.FLOAT64, 21)) {
            GraphFixtures.randomise(net, new Random(8), 0.3);
            Rng data = new Rng(5);
            NDArray x = Arrays64.normal(manager, data, new Shape(4).addAll(sample), DataType.FLOAT64);
            NDArray y = manager.create(new long[] {0, 2, 1, 2});
            Prior prior = switch (priorName) {
                case "pixel" -> Priors.pixelSmoothness();
                case "gini" -> Priors.gini();
                case "graph" -> Priors.graph(TestNetworks.randomGraph(Math.toIntExact(sample.size())));
                default -> throw new IllegalArgumentException(priorName);
            };
            Objective objective = Objective.of(Loss.crossEntropy())
                    .with(Penalty.onAttributions(priorName, 0.7, prior, Attributions.expectedGradients(2), Target.trueClass()))
                    .withAttributionDropout(batchStatistics);
            GradientStep step = new GradientStep(net, objective);
            Batch batch = new Batch(x, y, null);
            Evaluator f = new Evaluator(step, batch, net);

            double[][] analytic = f.gradient();
            List<Parameter> params = net.parameters();
            double largest = 0;
            for (double[] g : analytic) {
                for (double v : g) {
                    largest = Math.max(largest, Math.abs(v));
                }
            }
            Random pick = new Random(31);
            int checked = 0;
            for (int p = 0; p < params.size(); p++) {
                double[] g = analytic[p];
                int argmax = 0;
                for (int i = 1; i < g.length; i++) {
                    if (Math.abs(g[i]) > Math.abs(g[argmax])) {
                        argmax = i;
                    }
                }
                List<Integer> entries = new ArrayList<>(List.of(argmax));
                int random = pick.nextInt(g.length);
                if (p % 3 == 0 && random != argmax && Math.abs(g[random]) > 1e-3 * largest) {
                    entries.add(random); // a random entry (of every third array) whose derivative is above round-off
                }
                for (int i : entries) {
                    double[] v = new double[g.length];
                    v[i] = 1;
                    double[][] direction = new double[params.size()][];
                    direction[p] = v;
                    compare(f, direction, g[i], params.get(p).name() + "[" + i + "]");
                    checked++;
                }
            }
            double[][] random = new double[params.size()][];
            double exact = 0;
            for (int p = 0; p < params.size(); p++) {
                random[p] = new double[analytic[p].length];
                for (int i = 0; i < random[p].length; i++) {
                    random[p][i] = pick.nextGaussian();
                    exact += random[p][i] * analytic[p][i];
                }
            }
            compare(f, random, exact, "a random direction");
            assertThat(checked).isGreaterThanOrEqualTo(params.size());
            assertThat(largest).isGreaterThan(1e-3);
        }
    }

    private static void compare(Evaluator f, double[][] direction, double exact, String what) {
        double best = Double.POSITIVE_INFINITY;
        double numeric = Double.NaN;
        for (double h : new double[] {1e-6, 3e-6, 1e-7}) {
            double fd = (f.valueAt(direction, h) - f.valueAt(direction, -h)) / (2 * h);
            double error = Math.abs(exact - fd) / Math.max(Math.max(Math.abs(exact), Math.abs(fd)), 1e-7);
            if (error < best) {
                best = error;
                numeric = fd;
            }
            if (best < 1e-6) {
                break;
            }
        }
        f.restore();
        assertThat(best).as("relative error of ∂/∂%s (backward %s, central differences %s)", what, exact, numeric)
                .isLessThan(1e-6);
    }

    /** The objective of one step as a function of the parameters, with the running statistics held fixed. */
    private static final class Evaluator {
        private final GradientStep step;
        private final Batch batch;
        private final List<Parameter> params;
        private final List<double[]> original = new ArrayList<>();
        private final List<Parameter> buffers;
        private final List<double[]> bufferValues = new ArrayList<>();

        Evaluator(GradientStep step, Batch batch, Network net) {
            this.step = step;
            this.batch = batch;
            this.params = net.parameters();
            this.buffers = net.state().stream().filter(p -> !p.role().trainable()).toList();
            params.forEach(p -> original.add(p.array().toDoubleArray()));
            buffers.forEach(p -> bufferValues.add(p.array().toDoubleArray()));
        }

        double[][] gradient() {
            List<NDArray> arrays = params.stream().map(Parameter::array).toList();
            restoreBuffers();
            Autograd.zeroGradients(arrays);
            step.accumulate(batch, new Rng(STEP_SEED), GlobalImportance.batchMean());
            double[][] g = Autograd.gradients(arrays).stream().map(a -> a.toDoubleArray()).toArray(double[][]::new);
            Autograd.zeroGradients(arrays);
            return g;
        }

        /** The objective at θ + h·direction (null entries: that array unchanged). */
        double valueAt(double[][] direction, double h) {
            set(direction, h);
            restoreBuffers();
            double value = step.accumulate(batch, new Rng(STEP_SEED), GlobalImportance.batchMean()).loss();
            Autograd.zeroGradients(params.stream().map(Parameter::array).toList());
            return value;
        }

        void restore() {
            set(new double[params.size()][], 0);
            restoreBuffers();
        }

        private void set(double[][] direction, double h) {
            Autograd.notRecording(() -> {
                for (int p = 0; p < params.size(); p++) {
                    double[] values = original.get(p).clone();
                    if (direction[p] != null) {
                        for (int i = 0; i < values.length; i++) {
                            values[i] += h * direction[p][i];
                        }
                    }
                    assign(params.get(p).array(), values);
                }
            });
        }

        private void restoreBuffers() {
            Autograd.notRecording(() -> {
                for (int b = 0; b < buffers.size(); b++) {
                    assign(buffers.get(b).array(), bufferValues.get(b));
                }
            });
        }

        private static void assign(NDArray target, double[] values) {
            try (NDArray v = Tensors.owned(target.getManager().create(values, target.getShape()))) {
                target.set(new NDIndex("..."), v);
            }
        }
    }
}
