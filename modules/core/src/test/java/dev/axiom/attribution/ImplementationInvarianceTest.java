package dev.axiom.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.nn.ActivationKind;
import dev.axiom.nn.Architecture;
import dev.axiom.nn.LayerSpec;
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
 * Implementation invariance: two different networks computing the same function get the same
 * attributions (gradients, gradient × input, integrated gradients, expected gradients with the
 * same seed), to 1e-9 in float64. The second network is built from the first exactly: (1) every
 * hidden unit (every convolution filter) duplicated, with the outgoing weights halved; (2) an
 * extra linear layer computing the identity inserted (before the first layer of an MLP, after the
 * flatten of a CNN with max-pool); (3) for ReLU networks, an extra identity-linear + ReLU after the
 * first ReLU ({@code relu(relu(z)) = relu(z)}). A disabled test shows that a {@link
 * Network#replicate() replica} of a float64 network is not the same function (a bug).
 */
class ImplementationInvarianceTest {

    private static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    enum Variant {
        DUPLICATED_UNITS,
        IDENTITY_LAYER,
        RELU_TWICE
    }

    record Case(String name, Architecture f, Architecture g, Variant variant, long seed) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        int seed = 0;
        for (Variant variant : Variant.values()) {
            for (int k = 0; k < (variant == Variant.RELU_TWICE ? 3 : 5); k++) {
                seed++;
                Rng rng = new Rng(8000 + seed);
                ActivationKind act =
                        variant == Variant.RELU_TWICE ? ActivationKind.RELU : Fixtures.ACTIVATIONS[k % 4];
                boolean cnn = k == 4 || (variant == Variant.RELU_TWICE && k == 2);
                int outputs = 1 + rng.nextInt(3);
                Architecture f =
                        cnn
                                ? Fixtures.smallCnn(1 + rng.nextInt(2), 2 + rng.nextInt(2), 3 + rng.nextInt(3), outputs, act)
                                : Fixtures.randomMlp(rng, 3 + rng.nextInt(5), outputs, act);
                Architecture g = transform(f, variant);
                String name = String.format("%s, seed %d, %s %s", variant, seed, cnn ? "cnn" : "mlp", act.label());
                cases.add(Arguments.of(new Case(name, f, g, variant, seed)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameFunctionSameAttributions(Case c) {
        try (Network f = Fixtures.network(manager, c.f(), c.seed());
                Network g = Fixtures.network(manager, c.g(), 12345);
                NDScope scope = new NDScope()) {
            switch (c.variant()) {
                case DUPLICATED_UNITS -> duplicate(f, g);
                case IDENTITY_LAYER, RELU_TWICE -> insertIdentity(f, g, insertedAt(c.f(), c.variant()));
            }
            assertThat(g.parameterCount()).as("g is a different network").isGreaterThan(f.parameterCount());
            Rng rng = new Rng(c.seed() * 7 + 1);
            Shape sample = c.f().inputShape();
            int n = 4;
            NDArray x = Arrays64.normal(manager, rng, new Shape(n).addAll(sample), DataType.FLOAT64);
            NDArray pool = Arrays64.normal(manager, rng, new Shape(7).addAll(sample), DataType.FLOAT64);
            int outputs = Math.toIntExact(f.outputShape().get(0));
            NDArray labels = Fixtures.labels(manager, rng, n, outputs);

            double[] yf = Arrays64.doubles(f.predict(x));
            double[] yg = Arrays64.doubles(g.predict(x));
            assertThat(Arrays64.maxAbsDiff(yf, yg)).as("f and g compute the same function").isLessThan(1e-12);

            NDArray mean = pool.mean(new int[] {0});
            Map<String, Supplier<AttributionMethod>> methods = new LinkedHashMap<>();
            methods.put("gradients", Attributions::gradients);
            methods.put("gradient × input", Attributions::gradientTimesInput);
            methods.put(
                    "IG zero, trapezoid 24",
                    () -> Attributions.integratedGradients(Baseline.zeros(), 24, Quadrature.TRAPEZOID));
            methods.put(
                    "IG mean, middle 11",
                    () -> Attributions.integratedGradients(Baseline.constant(mean, "mean"), 11, Quadrature.RIEMANN_MIDDLE));
            methods.put("EG sampled k=5", () -> Attributions.expectedGradients(5, ReferenceSource.sampled(pool)));
            methods.put("EG shifted batch k=3", () -> Attributions.expectedGradients(3));
            for (Target target : new Target[] {Target.trueClass(), Target.predictedClass()}) {
                for (Map.Entry<String, Supplier<AttributionMethod>> m : methods.entrySet()) {
                    AttributionMethod method = m.getValue().get();
                    double[] phiF = Arrays64.doubles(method.attribute(f, x, labels, target, AttributionContext.of(new Rng(5))));
                    double[] phiG = Arrays64.doubles(method.attribute(g, x, labels, target, AttributionContext.of(new Rng(5))));
                    assertThat(Arrays64.maxAbsDiff(phiF, phiG))
                            .as("%s, %s", m.getKey(), target.describe())
                            .isLessThan(1e-9 * Math.max(1, Fixtures.maxAbs(phiF)));
                    assertThat(Fixtures.maxAbs(phiF)).as("%s: non-trivial attributions", m.getKey()).isGreaterThan(1e-6);
                }
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("replicaSeeds")
    void replicaOfAFloat64NetworkGivesTheSameAttributions(int seed) {
        Rng rng = new Rng(seed);
        Architecture arch = Fixtures.randomMlp(rng, 5, 3, Fixtures.ACTIVATIONS[seed % 4]);
        try (Network net = Fixtures.network(manager, arch, seed);
                NDScope scope = new NDScope()) {
            // parameters as after float64 training: not float32 numbers
            for (Parameter p : net.parameters()) {
                double[] v = Fixtures.values(p);
                for (int i = 0; i < v.length; i++) {
                    v[i] += 1e-3 * rng.nextGaussian();
                }
                Fixtures.set(p, v);
            }
            try (Network replica = net.replicate()) {
                NDArray x = Arrays64.normal(manager, rng, new Shape(4, 5), DataType.FLOAT64);
                for (Parameter p : net.parameters()) {
                    assertThat(Fixtures.values(Fixtures.parameter(replica, p.name())))
                            .as("replica's %s", p.name())
                            .containsExactly(Fixtures.values(p));
                }
                AttributionMethod ig = Attributions.integratedGradients(Baseline.zeros(), 16, Quadrature.TRAPEZOID);
                double[] phi = Arrays64.doubles(ig.attribute(net, x, null, Target.index(1), AttributionContext.of(new Rng(1))));
                double[] phiReplica =
                        Arrays64.doubles(ig.attribute(replica, x, null, Target.index(1), AttributionContext.of(new Rng(1))));
                assertThat(Arrays64.maxAbsDiff(phi, phiReplica)).isLessThan(1e-12);
            }
        }
    }

    static Stream<Arguments> replicaSeeds() {
        return Stream.of(Arguments.of(1), Arguments.of(2));
    }

    /** The architecture of the equivalent network. */
    private static Architecture transform(Architecture f, Variant variant) {
        List<LayerSpec> layers = new ArrayList<>(f.layers());
        switch (variant) {
            case DUPLICATED_UNITS -> {
                int last = layers.size() - 1;
                for (int i = 0; i < last; i++) {
                    if (layers.get(i) instanceof LayerSpec.Linear l) {
                        layers.set(i, new LayerSpec.Linear(2 * l.units(), l.bias()));
                    } else if (layers.get(i) instanceof LayerSpec.Conv2d conv) {
                        layers.set(i, new LayerSpec.Conv2d(2 * conv.filters(), conv.window(), conv.groups(), conv.bias()));
                    }
                }
            }
            case IDENTITY_LAYER, RELU_TWICE -> {
                int at = insertedAt(f, variant);
                long width = widthBefore(f, at);
                layers.add(at, new LayerSpec.Linear(Math.toIntExact(width), true));
                if (variant == Variant.RELU_TWICE) {
                    layers.add(at + 1, new LayerSpec.Activation(ActivationKind.RELU));
                }
            }
        }
        return new Architecture(f.inputShape(), layers);
    }

    /**
     * Where the identity layer goes: before the first layer of an MLP, after the flatten of a CNN;
     * for RELU_TWICE, after the first ReLU of the dense part.
     */
    private static int insertedAt(Architecture f, Variant variant) {
        List<LayerSpec> layers = f.layers();
        int flatten = -1;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof LayerSpec.Flatten) {
                flatten = i;
            }
        }
        if (variant == Variant.IDENTITY_LAYER) {
            return flatten + 1;
        }
        for (int i = flatten + 1; i < layers.size(); i++) {
            if (layers.get(i) instanceof LayerSpec.Activation) {
                return i + 1;
            }
        }
        throw new IllegalStateException("no activation in " + f.describe());
    }

    /** The per-sample width of the vector entering layer {@code at} of {@code f}. */
    private static long widthBefore(Architecture f, int at) {
        try (Network probe = Network.create(f, manager.newSubManager(), DataType.FLOAT32, 0)) {
            return at == 0 ? f.inputShape().size() : probe.layers().get(at - 1).outputShape().size();
        }
    }

    /** Copies {@code f} into {@code g} with every unit duplicated and outgoing weights halved. */
    private static void duplicate(Network f, Network g) {
        List<Parameter> wf = Fixtures.weights(f);
        List<Parameter> wg = Fixtures.weights(g);
        int layers = wf.size();
        for (int t = 0; t < layers; t++) {
            Parameter pf = wf.get(t);
            Parameter pg = wg.get(t);
            double[] v = Fixtures.values(pf);
            double[] bias = Fixtures.values(Fixtures.bias(f, pf.layerIndex()));
            boolean duplicateRows = t < layers - 1;
            double[] weight;
            if (t == 0) {
                // the first layer reads the input: only its units (rows / filters) are duplicated
                weight = duplicateRows ? concat(v, v) : v;
            } else {
                int out = Math.toIntExact(pf.array().getShape().get(0));
                int in = Math.toIntExact(pf.array().getShape().get(1));
                int outG = duplicateRows ? 2 * out : out;
                int inG = 2 * in;
                weight = new double[outG * inG];
                for (int r = 0; r < outG; r++) {
                    for (int col = 0; col < inG; col++) {
                        weight[r * inG + col] = v[(r % out) * in + (col % in)] / 2;
                    }
                }
            }
            Fixtures.set(pg, weight);
            Fixtures.set(Fixtures.bias(g, pg.layerIndex()), duplicateRows ? concat(bias, bias) : bias);
        }
    }

    /** Copies {@code f} into {@code g}, whose layer {@code at} is an extra identity linear layer. */
    private static void insertIdentity(Network f, Network g, int at) {
        int shift = g.layers().size() - f.layers().size();
        for (Parameter p : f.parameters()) {
            int index = p.layerIndex() < at ? p.layerIndex() : p.layerIndex() + shift;
            String name = index + p.name().substring(p.name().indexOf('.'));
            Fixtures.set(Fixtures.parameter(g, name), Fixtures.values(p));
        }
        Parameter identity = Fixtures.parameter(g, at + ".linear.weight");
        int width = Math.toIntExact(identity.array().getShape().get(0));
        double[] eye = new double[width * width];
        for (int i = 0; i < width; i++) {
            eye[i * width + i] = 1;
        }
        Fixtures.set(identity, eye);
        Fixtures.set(Fixtures.parameter(g, at + ".linear.bias"), new double[width]);
    }

    private static double[] concat(double[] u, double[] v) {
        double[] out = new double[u.length + v.length];
        System.arraycopy(u, 0, out, 0, u.length);
        System.arraycopy(v, 0, out, u.length, v.length);
        return out;
    }
}
