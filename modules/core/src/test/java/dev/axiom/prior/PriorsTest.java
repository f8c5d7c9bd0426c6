package dev.axiom.prior;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.nn.ActivationKind;
import dev.axiom.nn.Architecture;
import dev.axiom.nn.LayerSpec;
import dev.axiom.nn.Network;
import dev.axiom.nn.Parameter;
import dev.axiom.prior.graph.FeatureGraph;
import dev.axiom.tensor.Rng;
import dev.axiom.testing.Arrays64;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every prior against a hand computation: literal examples worked out on paper (the arithmetic is
 * in the comments) and, for random inputs, independent double-precision loops written here rather
 * than calls into the prior's own code.
 */
class PriorsTest {

    /** Relative tolerance for float32 literal cases. */
    private static final double F32 = 1e-5;

    private static final PriorContext NO_NETWORK = PriorContext.of(null);

    // ---------------------------------------------------------------- pixel smoothness

    /*
     * Map A (mean 0, Σx² = 10, unbiased sd = √(10/8)):
     *    0  1  0
     *    2  0 -2
     *    0 -1  0
     * vertical |Δ|: row1−row0 = 2+1+2 = 5, row2−row1 = 2+1+2 = 5  → 10
     * horizontal |Δ|: row0 = 1+1 = 2, row1 = 2+2 = 4, row2 = 1+1 = 2 → 8
     * TV = 18, penalty = 18 / √1.25.
     */
    private static final float[] MAP_A = {0, 1, 0, 2, 0, -2, 0, -1, 0};
    private static final double PENALTY_A = 18 / Math.sqrt(10.0 / 8);

    /*
     * Map B (mean 4/3; deviations eight × −1/3 and one 8/3; Σd² = 8/9 + 64/9 = 8; unbiased sd = 1):
     *    1 1 1
     *    1 1 1
     *    1 1 4
     * vertical |Δ| = 3 (column 2, row2−row1), horizontal |Δ| = 3 (row 2, col2−col1); TV = 6.
     */
    private static final float[] MAP_B = {1, 1, 1, 1, 1, 1, 1, 1, 4};
    private static final double PENALTY_B = 6;

    @Test
    void pixelSmoothnessOfOneSingleChannelMap() {
        try (NDManager manager = NDManager.newBaseManager();
                NDScope scope = new NDScope()) {
            NDArray phi = manager.create(MAP_A, new Shape(1, 1, 3, 3));
            double value = value(Priors.pixelSmoothness().penalty(phi, NO_NETWORK));
            assertThat(value).isCloseTo(PENALTY_A, within(F32 * PENALTY_A));
            // The biased sd (divide by 9) would give 18/√(10/9) ≈ 17.08 instead of ≈ 16.10.
            assertThat(value).isNotCloseTo(18 / Math.sqrt(10.0 / 9), within(0.1));

            NDArray b = manager.create(MAP_B, new Shape(1, 1, 3, 3));
            assertThat(value(Priors.pixelSmoothness().penalty(b, NO_NETWORK)))
                    .isCloseTo(PENALTY_B, within(F32 * PENALTY_B));
        }
    }

    @Test
    void pixelSmoothnessIsTheMeanOverTheBatch() {
        try (NDManager manager = NDManager.newBaseManager();
                NDScope scope = new NDScope()) {
            float[] both = concat(MAP_A, MAP_B);
            NDArray phi = manager.create(both, new Shape(2, 1, 3, 3));
            double expected = (PENALTY_A + PENALTY_B) / 2;
            assertThat(value(Priors.pixelSmoothness().penalty(phi, NO_NETWORK)))
                    .isCloseTo(expected, within(F32 * expected));
        }
    }

    @Test
    void pixelSmoothnessOfFlatAttributionsUsesTheImageShape() {
        try (NDManager manager = NDManager.newBaseManager();
                NDScope scope = new NDScope()) {
            NDArray flat = manager.create(concat(MAP_A, MAP_B), new Shape(2, 9));
            Prior prior = Priors.pixelSmoothness(PixelSmoothness.Channels.SUM, new Shape(1, 3, 3));
            double expected = (PENALTY_A + PENALTY_B) / 2;
            assertThat(value(prior.penalty(flat, NO_NETWORK))).isCloseTo(expected, within(F32 * expected));
        }
    }

    /*
     * Two channels: channel 0 = map B, channel 1 = map A. Their sum
     *    1  2  1
     *    3  1 -1
     *    1  0  4
     * has Σx = 12, Σx² = 34, Σ(x−4/3)² = 34 − 16 = 18, unbiased sd = √(18/8) = 1.5;
     * vertical |Δ|: (2+1+2) + (2+1+5) = 13, horizontal |Δ|: 2 + 4 + 5 = 11, TV = 24.
     * SUM: 24 / 1.5 = 16. MEAN halves the map and its sd: 12 / 0.75 = 16 as well.
     * With the sd floored at ε = 10 the scale shows: SUM 24/10 = 2.4, MEAN 12/10 = 1.2.
     */
    @Test
    void pixelSmoothnessOfATwoChannelMapSumAndMean() {
        try (NDManager manager = NDManager.newBaseManager();
                NDScope scope = new NDScope()) {
            NDArray phi = manager.create(concat(MAP_B, MAP_A), new Shape(1, 2, 3, 3));
            Prior sum = new PixelSmoothness(PixelSmoothness.Channels.SUM, 1e-8, null);
            Prior mean = new PixelSmoothness(PixelSmoothness.Channels.MEAN, 1e-8, null);
            assertThat(value(sum.penalty(phi, NO_NETWORK))).isCloseTo(16, within(16 * F32));
            assertThat(value(mean.penalty(phi, NO_NETWORK))).isCloseTo(16, within(16 * F32));

            Prior sumFloored = new PixelSmoothness(PixelSmoothness.Channels.SUM, 10, null);
            Prior meanFloored = new PixelSmoothness(PixelSmoothness.Channels.MEAN, 10, null);
            assertThat(value(sumFloored.penalty(phi, NO_NETWORK))).isCloseTo(2.4, within(2.4 * F32));
            assertThat(value(meanFloored.penalty(phi, NO_NETWORK))).isCloseTo(1.2, within(1.2 * F32));
        }
    }

    @Test
    void pixelSmoothnessIsScaleInvariant() {
        try (NDManager manager = NDManager.newBaseManager();
                NDScope scope = new NDScope()) {
            NDArray phi = manager.create(MAP_A, new Shape(1, 1, 3, 3)).mul(-250);
            assertThat(value(Priors.pixelSmoothness().penalty(phi, NO_NETWORK)))
                    .isCloseTo(PENALTY_A, within(F32 * PENALTY_A));
        }
    }

    static Stream<Arguments> pixelCases() {
        return Stream.of(
                Arguments.of(1L, 1, 1, 4, 5, PixelSmoothness.Channels.SUM),
                Arguments.of(2L, 3, 2, 5, 4, PixelSmoothness.Channels.SUM),
                Arguments.of(3L, 3, 2, 5, 4, PixelSmoothness.Channels.MEAN),
                Arguments.of(4L, 2, 3, 2, 7, PixelSmoothness.Channels.MEAN),
                Arguments.of(5L, 4, 1, 6, 6, PixelSmoothness.Channels.SUM));
    }

    @ParameterizedTest(name = "seed {0}: N={1} C={2} {3}x{4} {5}")
    @MethodSource("pixelCases")
    void pixelSmoothnessMatchesADoubleLoop(long seed, int n, int c, int h, int w, PixelSmoothness.Channels ch) {
        try (NDManager manager = NDManager.newBaseManager();
                NDScope scope = new NDScope()) {
            NDArray phi = Arrays64.normal(manager, new Rng(seed), new Shape(n, c, h, w), DataType.FLOAT64);
            double[] v = Arrays64.doubles(phi);
            double total = 0;
            for (int s = 0; s < n; s++) {
                double[][] map = new double[h][w];
                for (int k = 0; k < c; k++) {
                    for (int i = 0; i < h; i++) {
                        for (int j = 0; j < w; j++) {
                            map[i][j] += v[((s * c + k) * h + i) * w + j];
                        }
                    }
                }
                double mean = 0;
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        if (ch == PixelSmoothness.Channels.MEAN) {
                            map[i][j] /= c;
                        }
                        mean += map[i][j];
                    }
                }
                mean /= h * w;
                double ss = 0;
                double tv = 0;
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        ss += (map[i][j] - mean) * (map[i][j] - mean);
                        if (i + 1 < h) {
                            tv += Math.abs(map[i + 1][j] - map[i][j]);
                        }
                        if (j + 1 < w) {
                            tv += Math.abs(map[i][j + 1] - map[i][j]);
                        }
                    }
                }
                total += tv / Math.max(Math.sqrt(ss / (h * w - 1)), 1e-8);
            }
            double expected = total / n;
            double actual = value(new PixelSmoothness(ch, 1e-8, null).penalty(phi, NO_NETWORK));
            assertThat(actual).isCloseTo(expected, within(1e-10 * expected));
        }
    }

    // ---------------------------------------------------------------- graph Laplacian

    /*
     * Four features, five edges: (0,1) w 1, (1,2) w 2, (2,3) w 0.5, (0,3) w 3, (1,3) w 1.5.
     * Attributions φ¹ = (1, −4, 0, 2), φ² = (−1, 2, 0, −2): φ̄ = mean |φ| = (1, 3, 0, 2).
     * Σ w (φ̄a − φ̄b)² = 1·4 + 2·9 + 0.5·4 + 3·1 + 1.5·1 = 4 + 18 + 2 + 3 + 1.5 = 28.5.
     * Degrees (4, 4.5, 2.5, 5); L φ̄ = (−5, 9.5, −7, 2.5); φ̄ · L φ̄ = −5 + 28.5 + 0 + 5 = 28.5.
     */
    private static FeatureGraph handGraph() {
        return new FeatureGraph(
                4, new int[] {0, 1, 2, 0, 1}, new int[] {1, 2, 3, 3, 3}, new float[] {1, 2, 0.5f, 3, 1.5f});
    }

    private static final double[][] HAND_LAPLACIAN = {
        {4, -1, 0, -3},
        {-1, 4.5, -2, -1.5},
        {0, -2, 2.5, -0.5},
        {-3, -1.5, -0.5, 5}
    };

    private static final float[] HAND_PHI = {1, -4, 0, 2, -1, 2, 0, -2};
    private static final double[] HAND_PHI_BAR = {1, 3, 0, 2};

    @Test
    void graphPenaltyOnAHandExample() {
        try (NDManager manager = NDManager.newBaseManager();
                NDScope scope = new NDScope();
                GraphLaplacian prior = Priors.graph(handGraph())) {
            NDArray phi = manager.create(HAND_PHI, new Shape(2, 4));
            double value = value(prior.penalty(phi, NO_NETWORK));
            assertThat(value).isCloseTo(28.5, within(28.5 * F32));
            assertThat(value).isCloseTo(quadratic(HAND_LAPLACIAN, HAND_PHI_BAR), within(28.5 * F32));
            assertThat(quadratic(HAND_LAPLACIAN, HAND_PHI_BAR)).isEqualTo(28.5);
            assertThat(handGraph().quadraticForm(HAND_PHI_BAR)).isCloseTo(28.5, within(1e-12));
        }
    }

    @ParameterizedTest(name = "seed {0}, {1} features, {2} edges")
    @MethodSource("graphCases")
    void graphPenaltyEqualsEdgeSumAndDenseLaplacianForm(long seed, int p, int m) {
        Rng rng = new Rng(seed);
        int[] a = new int[m];
        int[] b = new int[m];
        float[] w = new float[m];
        for (int e = 0; e < m; e++) {
            // Duplicates and self loops are allowed: both sides must treat them alike.
            a[e] = rng.nextInt(p);
            b[e] = rng.nextInt(p);
            w[e] = (float) (2 * rng.nextDouble());
        }
        FeatureGraph graph = new FeatureGraph(p, a, b, w);
        double[][] laplacian = new double[p][p];
        for (int e = 0; e < m; e++) {
            laplacian[a[e]][a[e]] += w[e];
            laplacian[b[e]][b[e]] += w[e];
            laplacian[a[e]][b[e]] -= w[e];
            laplacian[b[e]][a[e]] -= w[e];
        }
        try (NDManager manager = NDManager.newBaseManager();
                NDScope scope = new NDScope();
                GraphLaplacian prior = Priors.graph(graph)) {
            NDArray phi = Arrays64.normal(manager, rng, new Shape(3, p), DataType.FLOAT64);
            double[] phiBar = meanAbs(Arrays64.doubles(phi), 3, p);
            double edgeSum = 0;
            for (int e = 0; e < m; e++) {
                edgeSum += w[e] * (phiBar[a[e]] - phiBar[b[e]]) * (phiBar[a[e]] - phiBar[b[e]]);
            }
            double dense = quadratic(laplacian, phiBar);
            assertThat(edgeSum).isCloseTo(dense, within(1e-10 * Math.max(1, dense)));
            double actual = value(prior.penalty(phi, NO_NETWORK));
            assertThat(actual).isCloseTo(dense, within(1e-10 * Math.max(1, dense)));
            assertThat(graph.quadraticForm(phiBar)).isCloseTo(dense, within(1e-10 * Math.max(1, dense)));
            assertThat(dense).isGreaterThan(0);
        }
    }

    static Stream<Arguments> graphCases() {
        return Stream.of(Arguments.of(1L, 3, 3), Arguments.of(2L, 4, 6), Arguments.of(3L, 7, 15), Arguments.of(4L, 12, 40));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void graphPenaltyIsZeroForConstantImportanceOnAConnectedGraph(long seed) {
        Rng rng = new Rng(seed);
        int p = 6;
        // A path 0-1-2-3-4-5 plus random chords: connected.
        int[] a = {0, 1, 2, 3, 4, rng.nextInt(6), rng.nextInt(6)};
        int[] b = {1, 2, 3, 4, 5, rng.nextInt(6), rng.nextInt(6)};
        float[] w = new float[a.length];
        for (int e = 0; e < w.length; e++) {
            w[e] = 0.1f + rng.nextFloat();
        }
        FeatureGraph graph = new FeatureGraph(p, a, b, w);
        assertThat(graph.isConnected()).isTrue();
        // Per-sample magnitudes c_ℓ with random signs: φ̄_i = mean_ℓ c_ℓ is the same for every i.
        float[] phi = new float[3 * p];
        for (int s = 0; s < 3; s++) {
            float c = 0.5f + 2 * rng.nextFloat();
            for (int i = 0; i < p; i++) {
                phi[s * p + i] = rng.nextInt(2) == 0 ? c : -c;
            }
        }
        try (NDManager manager = NDManager.newBaseManager();
                NDScope scope = new NDScope();
                GraphLaplacian prior = Priors.graph(graph)) {
            NDArray constant = manager.create(phi, new Shape(3, p));
            assertThat(value(prior.penalty(constant, NO_NETWORK))).isCloseTo(0, within(1e-6));
            // ...while changing one feature's magnitude makes it positive.
            phi[2] *= 3;
            NDArray perturbed = manager.create(phi, new Shape(3, p));
            assertThat(value(prior.penalty(perturbed, NO_NETWORK))).isGreaterThan(1e-3);
        }
    }

    @Test
    void graphAndGiniReadTheImportanceFromTheContext() {
        try (NDManager manager = NDManager.newBaseManager();
                NDScope scope = new NDScope();
                GraphLaplacian graph = Priors.graph(handGraph())) {
            // Attributions whose batch mean would be constant; the context substitutes (1, 3, 0, 2).
            NDArray phi = manager.ones(new Shape(2, 4));
            NDArray fixed = manager.create(new float[] {1, 3, 0, 2});
            PriorContext context = NO_NETWORK.withImportance(attributions -> fixed);
            assertThat(value(graph.penalty(phi, context))).isCloseTo(28.5, within(28.5 * F32));
            // Gini of (1, 3, 0, 2): pairs i<j |Δ| = 2+1+1+3+1+2 = 10, ordered 20; 20 / (2·4·6) = 5/12.
            assertThat(value(Priors.gini().penalty(phi, context))).isCloseTo(-5.0 / 12, within(F32));
            assertThat(value(Priors.gini().penalty(phi, NO_NETWORK))).isCloseTo(0, within(1e-6));
        }
    }

    // ---------------------------------------------------------------- feature graph

    @Test
    void featureGraphConnectivity() {
        assertThat(handGraph().isConnected()).isTrue();
        assertThat(new FeatureGraph(1, new int[0], new int[0], new float[0]).isConnected()).isTrue();
        assertThat(new FeatureGraph(3, new int[0], new int[0], new float[0]).isConnected()).isFalse();
        // Two components {0,1} and {2,3}.
        assertThat(new FeatureGraph(4, new int[] {0, 2}, new int[] {1, 3}, new float[] {1, 1}).isConnected())
                .isFalse();
        // Bridged by an edge of weight 0: still two components.
        assertThat(new FeatureGraph(4, new int[] {0, 2, 1}, new int[] {1, 3, 2}, new float[] {1, 1, 0})
                        .isConnected())
                .isFalse();
        // Bridged by a positive edge given in reverse order.
        assertThat(new FeatureGraph(4, new int[] {0, 2, 2}, new int[] {1, 3, 1}, new float[] {1, 1, 0.2f})
                        .isConnected())
                .isTrue();
        // A star whose centre is the last node.
        assertThat(new FeatureGraph(5, new int[] {0, 1, 2, 3}, new int[] {4, 4, 4, 4}, new float[] {1, 1, 1, 1})
                        .isConnected())
                .isTrue();
        // Node 0 isolated, the rest connected.
        assertThat(new FeatureGraph(4, new int[] {1, 2}, new int[] {2, 3}, new float[] {1, 1}).isConnected())
                .isFalse();
    }

    @Test
    void quadraticFormByHand() {
        FeatureGraph g = handGraph();
        assertThat(g.quadraticForm(HAND_PHI_BAR)).isEqualTo(28.5);
        assertThat(g.quadraticForm(new double[] {7, 7, 7, 7})).isEqualTo(0);
        // v = e_1: Σ over edges touching 1 of w = degree of node 1 = 4.5 = L[1][1].
        assertThat(g.quadraticForm(new double[] {0, 1, 0, 0})).isEqualTo(4.5);
        assertThatThrownBy(() -> g.quadraticForm(new double[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 entries")
                .hasMessageContaining("4 features");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void randomizedKeepsEdgeCountAndWeightsAndIsDeterministic(long seed) {
        Rng rng = new Rng(100 + seed);
        int p = 25;
        int m = 60;
        Set<Long> pairs = new HashSet<>();
        int[] a = new int[m];
        int[] b = new int[m];
        float[] w = new float[m];
        int e = 0;
        while (e < m) {
            int u = rng.nextInt(p);
            int v = rng.nextInt(p);
            if (u != v && pairs.add((long) Math.min(u, v) * p + Math.max(u, v))) {
                a[e] = u;
                b[e] = v;
                // A few repeated weights, so the multiset (not the set) must be kept.
                w[e] = rng.nextInt(4) == 0 ? 0.5f : rng.nextFloat();
                e++;
            }
        }
        FeatureGraph graph = new FeatureGraph(p, a, b, w);
        FeatureGraph random = graph.randomized(seed);

        assertThat(random.features()).isEqualTo(p);
        assertThat(random.edges()).isEqualTo(m);
        Set<Long> randomPairs = new HashSet<>();
        for (int i = 0; i < m; i++) {
            int u = random.from()[i];
            int v = random.to()[i];
            assertThat(u).as("self loop at edge %d", i).isNotEqualTo(v);
            assertThat(u).isBetween(0, p - 1);
            assertThat(v).isBetween(0, p - 1);
            randomPairs.add((long) Math.min(u, v) * p + Math.max(u, v));
        }
        assertThat(randomPairs).as("distinct undirected edges").hasSize(m);
        assertThat(randomPairs).as("a different graph").isNotEqualTo(pairs);

        float[] before = w.clone();
        float[] after = random.weights();
        Arrays.sort(before);
        Arrays.sort(after);
        assertThat(after).containsExactly(before);

        FeatureGraph again = graph.randomized(seed);
        assertThat(again.from()).containsExactly(random.from());
        assertThat(again.to()).containsExactly(random.to());
        assertThat(again.weights()).containsExactly(random.weights());

        FeatureGraph other = graph.randomized(seed + 1000);
        assertThat(Arrays.equals(other.from(), random.from()) && Arrays.equals(other.to(), random.to()))
                .as("another seed gives another graph")
                .isFalse();
    }

    @Test
    void randomizedCompleteGraphAndTooManyEdges() {
        // K3 has exactly 3 pairs: the randomised graph must be K3 again.
        FeatureGraph k3 = new FeatureGraph(3, new int[] {0, 1, 0}, new int[] {1, 2, 2}, new float[] {1, 2, 3});
        FeatureGraph r = k3.randomized(9);
        Set<String> pairs = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            pairs.add(Math.min(r.from()[i], r.to()[i]) + "-" + Math.max(r.from()[i], r.to()[i]));
        }
        assertThat(pairs).containsExactlyInAnyOrder("0-1", "1-2", "0-2");
        // Four edges over three features cannot all be distinct.
        FeatureGraph crowded =
                new FeatureGraph(3, new int[] {0, 1, 0, 0}, new int[] {1, 2, 2, 1}, new float[] {1, 1, 1, 1});
        assertThatThrownBy(() -> crowded.randomized(1)).isInstanceOf(IllegalStateException.class);
    }

    // ---------------------------------------------------------------- Gini

    static Stream<Arguments> giniCases() {
        return Stream.of(
                Arguments.of(1L, 2), Arguments.of(2L, 3), Arguments.of(3L, 5), Arguments.of(4L, 17), Arguments.of(5L, 64));
    }

    @ParameterizedTest(name = "seed {0}, p = {1}")
    @MethodSource("giniCases")
    void giniEqualsThePairwiseFormula(long seed, int p) {
        try (NDManager manager = NDManager.newBaseManager();
                NDScope scope = new NDScope()) {
            int n = 3;
            NDArray phi = Arrays64.normal(manager, new Rng(seed), new Shape(n, p), DataType.FLOAT64);
            double[] a = meanAbs(Arrays64.doubles(phi), n, p);
            double pairs = 0;
            double sum = 0;
            for (int i = 0; i < p; i++) {
                sum += a[i];
                for (int j = 0; j < p; j++) {
                    pairs += Math.abs(a[i] - a[j]);
                }
            }
            double gini = pairs / (2.0 * p * sum);
            double penalty = value(Priors.gini().penalty(phi, NO_NETWORK));
            assertThat(penalty).isCloseTo(-gini, within(1e-10));
            assertThat(gini).isBetween(0.0, (p - 1.0) / p);
            assertThat(gini).isGreaterThan(0);
        }
    }

    @ParameterizedTest(name = "p = {0}")
    @ValueSource(ints = {1, 2, 5, 10})
    void giniOfUniformAndOneHotImportance(int p) {
        try (NDManager manager = NDManager.newBaseManager();
                NDScope scope = new NDScope()) {
            // Uniform φ̄ = 2 from signed rows: G = 0.
            float[] uniform = new float[2 * p];
            for (int i = 0; i < p; i++) {
                uniform[i] = i % 2 == 0 ? 2 : -2;
                uniform[p + i] = i % 3 == 0 ? -2 : 2;
            }
            assertThat(value(Priors.gini().penalty(manager.create(uniform, new Shape(2, p)), NO_NETWORK)))
                    .isCloseTo(0, within(1e-6));
            // One-hot φ̄ (feature p/2, magnitude 3 on average): G = (p − 1)/p, the maximum.
            float[] oneHot = new float[2 * p];
            oneHot[p / 2] = -4;
            oneHot[p + p / 2] = 2;
            double expected = (p - 1.0) / p;
            assertThat(value(Priors.gini().penalty(manager.create(oneHot, new Shape(2, p)), NO_NETWORK)))
                    .isCloseTo(-expected, within(F32));
        }
    }

    @Test
    void giniWithTiesByHand() {
        // Values (2, 0, 1, 2, 1): p = 5, Σ = 6. Pairs i<j of the sorted (0,1,1,2,2):
        // 1+1+2+2 + 0+1+1 + 1+1 + 0 = 10, ordered 20; G = 20 / (2·5·6) = 1/3.
        try (NDManager manager = NDManager.newBaseManager();
                NDScope scope = new NDScope()) {
            NDArray v = manager.create(new float[] {2, 0, 1, 2, 1});
            assertThat(value(GiniSparsity.gini(v))).isCloseTo(1.0 / 3, within(F32));
            assertThat(value(GiniSparsity.gini(v.mul(7.5)))).isCloseTo(1.0 / 3, within(F32));
            NDArray phi = manager.create(new float[] {-2, 0, 1, 2, -1}, new Shape(1, 5));
            assertThat(value(Priors.gini().penalty(phi, NO_NETWORK))).isCloseTo(-1.0 / 3, within(F32));
            // All-zero importance: 0, not NaN.
            assertThat(value(Priors.gini().penalty(manager.zeros(new Shape(2, 5)), NO_NETWORK)))
                    .isEqualTo(0.0);
        }
    }

    // ---------------------------------------------------------------- right for the right reasons

    @Test
    void rightForRightReasonsByHand() {
        // φ = [[1,2,3],[4,5,6]], A = [[1,0,1],[0,0,1]]: sample 1: 1² + 3² = 10, sample 2: 6² = 36;
        // mean over the batch: 46 / 2 = 23.
        try (NDManager manager = NDManager.newBaseManager();
                NDScope scope = new NDScope()) {
            NDArray phi = manager.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
            NDArray mask = manager.create(new float[] {1, 0, 1, 0, 0, 1}, new Shape(2, 3));
            Prior prior = Priors.rightForRightReasons();
            assertThat(value(prior.penalty(phi, NO_NETWORK.withMask(mask)))).isCloseTo(23, within(23 * F32));
            // A boolean mask works the same.
            NDArray bool = mask.gt(0.5);
            assertThat(value(prior.penalty(phi, NO_NETWORK.withMask(bool)))).isCloseTo(23, within(23 * F32));
            // Full mask: Σφ²/N = 91/2; empty mask: 0.
            assertThat(value(prior.penalty(phi, NO_NETWORK.withMask(manager.ones(new Shape(2, 3))))))
                    .isCloseTo(45.5, within(45.5 * F32));
            assertThat(value(prior.penalty(phi, NO_NETWORK.withMask(manager.zeros(new Shape(2, 3))))))
                    .isEqualTo(0.0);
            assertThatThrownBy(() -> prior.penalty(phi, NO_NETWORK))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("mask");
        }
    }

    // ---------------------------------------------------------------- attribution norms

    @Test
    void attributionNormsByHand() {
        // φ = [[1,−2,3],[−4,5,−6]]: L1 = 21 / 2 = 10.5, squared L2 = (1+4+9+16+25+36) / 2 = 45.5.
        try (NDManager manager = NDManager.newBaseManager();
                NDScope scope = new NDScope()) {
            NDArray phi = manager.create(new float[] {1, -2, 3, -4, 5, -6}, new Shape(2, 3));
            assertThat(value(Priors.attributionL1().penalty(phi, NO_NETWORK))).isCloseTo(10.5, within(10.5 * F32));
            assertThat(value(Priors.attributionL2().penalty(phi, NO_NETWORK))).isCloseTo(45.5, within(45.5 * F32));
            // The same values as images (2, 1, 1, 3): the norm does not care about the shape.
            NDArray images = phi.reshape(2, 1, 1, 3);
            assertThat(value(Priors.attributionL1().penalty(images, NO_NETWORK))).isCloseTo(10.5, within(10.5 * F32));
            assertThat(Priors.attributionL1().needsAttributions()).isTrue();
        }
    }

    // ---------------------------------------------------------------- parameter norms, SGL

    /*
     * (3) → linear(2) → tanh → linear(2), with
     *   W0 = [[3, 0, −1], [4, −2, 0]]  Σ|W0| = 10, ΣW0² = 9+1+16+4 = 30
     *   b0 = [10, −20]                  (must not count)
     *   W2 = [[2, −1], [0.5, 3]]        Σ|W2| = 6.5, ΣW2² = 4+1+0.25+9 = 14.25
     *   b2 = [100, 5]                   (must not count)
     */
    private static Network handNetwork(NDManager manager, boolean batchNorm) {
        List<LayerSpec> layers = new ArrayList<>();
        layers.add(new LayerSpec.Linear(2, true));
        if (batchNorm) {
            layers.add(new LayerSpec.BatchNorm(0.1, 1e-5));
        }
        layers.add(new LayerSpec.Activation(ActivationKind.TANH));
        layers.add(new LayerSpec.Linear(2, true));
        Network net = Network.create(new Architecture(new Shape(3), layers), manager.newSubManager(), DataType.FLOAT32, 1);
        Map<String, float[]> state = new HashMap<>(net.exportState());
        List<float[]> weights = List.of(new float[] {3, 0, -1, 4, -2, 0}, new float[] {2, -1, 0.5f, 3});
        List<float[]> biases = List.of(new float[] {10, -20}, new float[] {100, 5});
        int wi = 0;
        int bi = 0;
        for (Parameter p : net.state()) {
            switch (p.role()) {
                case WEIGHT -> state.put(p.name(), weights.get(wi++));
                case BIAS -> state.put(p.name(), biases.get(bi++));
                case SCALE, SHIFT -> state.put(p.name(), new float[] {50, -70});
                default -> { }
            }
        }
        assertThat(wi).isEqualTo(2);
        assertThat(bi).isEqualTo(2);
        net.loadState(state);
        return net;
    }

    @ParameterizedTest(name = "batch norm {0}")
    @ValueSource(booleans = {false, true})
    void parameterNormsByHand(boolean batchNorm) {
        try (NDManager manager = NDManager.newBaseManager();
                Network net = handNetwork(manager, batchNorm);
                NDScope scope = new NDScope()) {
            PriorContext context = PriorContext.of(net);
            assertThat(value(Priors.weightL1(ParameterNorm.Scope.ALL_LAYERS).penalty(null, context)))
                    .isCloseTo(16.5, within(16.5 * F32));
            assertThat(value(Priors.weightL1(ParameterNorm.Scope.FIRST_LAYER).penalty(null, context)))
                    .isCloseTo(10, within(10 * F32));
            assertThat(value(Priors.weightL2(ParameterNorm.Scope.ALL_LAYERS).penalty(null, context)))
                    .isCloseTo(44.25, within(44.25 * F32));
            assertThat(value(Priors.weightL2(ParameterNorm.Scope.FIRST_LAYER).penalty(null, context)))
                    .isCloseTo(30, within(30 * F32));
            assertThat(Priors.weightL1(ParameterNorm.Scope.ALL_LAYERS).needsAttributions()).isFalse();
        }
    }

    /*
     * SGL on W0 = [[3, 0, −1], [4, −2, 0]]: one group per input (column), p_g = 2 units.
     * Column norms 5, 2, 1 → Σ = 8, times √2: 8√2. Lasso Σ|W0| = 10.
     * α = 1: 10; α = 0: 8√2 ≈ 11.314; α = 0.5: 5 + 4√2 ≈ 10.657.
     * (Rows would give √10 + √20 ≈ 7.63 instead of 8.)
     */
    @ParameterizedTest(name = "alpha {0}")
    @ValueSource(doubles = {0, 0.5, 1})
    void sparseGroupLassoByHand(double alpha) {
        double expected = alpha == 0 ? 8 * Math.sqrt(2) : alpha == 1 ? 10 : 5 + 4 * Math.sqrt(2);
        try (NDManager manager = NDManager.newBaseManager();
                Network net = handNetwork(manager, false);
                NDScope scope = new NDScope()) {
            Prior sgl = Priors.sparseGroupLasso(alpha);
            assertThat(value(sgl.penalty(null, PriorContext.of(net)))).isCloseTo(expected, within(expected * F32));
            assertThat(sgl.needsAttributions()).isFalse();
        }
    }

    @Test
    void sparseGroupLassoRejectsAlphaOutsideTheUnitInterval() {
        for (double alpha : new double[] {-0.1, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> Priors.sparseGroupLasso(alpha))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("alpha")
                    .hasMessageContaining(String.valueOf(alpha));
        }
    }

    // ---------------------------------------------------------------- weighted sum

    @Test
    void weightedSumComposesTheTerms() {
        // 2 · L1 (10.5) + 0.5 · L2 (45.5) + 3 · first-layer weight L1 (10) = 21 + 22.75 + 30 = 73.75.
        try (NDManager manager = NDManager.newBaseManager();
                Network net = handNetwork(manager, false);
                NDScope scope = new NDScope()) {
            NDArray phi = manager.create(new float[] {1, -2, 3, -4, 5, -6}, new Shape(2, 3));
            Prior sum =
                    Priors.sum(
                            Priors.term(2, Priors.attributionL1()),
                            Priors.term(0.5, Priors.attributionL2()),
                            Priors.term(3, Priors.weightL1(ParameterNorm.Scope.FIRST_LAYER)));
            assertThat(value(sum.penalty(phi, PriorContext.of(net)))).isCloseTo(73.75, within(73.75 * F32));
            assertThat(sum.needsAttributions()).isTrue();
            assertThat(sum.usesGlobalImportance()).isFalse();
            assertThat(sum.describe()).contains("attribution-l1").contains("attribution-l2").contains("weight-l1");

            // Nested, with a φ̄ prior: 1 · (0.25 · 73.75) + 4 · (−G) where φ̄ = (2.5, 3.5, 4.5):
            // pairs i<j 1+2+1 = 4, ordered 8; G = 8 / (2·3·10.5) = 8/63.
            Prior nested = Priors.sum(Priors.term(1, Priors.sum(Priors.term(0.25, sum))), Priors.term(4, Priors.gini()));
            double expected = 0.25 * 73.75 - 4 * 8.0 / 63;
            assertThat(value(nested.penalty(phi, PriorContext.of(net)))).isCloseTo(expected, within(expected * F32));
            assertThat(nested.usesGlobalImportance()).isTrue();

            Prior parametersOnly =
                    Priors.sum(
                            Priors.term(1, Priors.weightL2(ParameterNorm.Scope.ALL_LAYERS)),
                            Priors.term(2, Priors.sparseGroupLasso(1)));
            assertThat(parametersOnly.needsAttributions()).isFalse();
            // 44.25 + 2 · 10
            assertThat(value(parametersOnly.penalty(null, PriorContext.of(net)))).isCloseTo(64.25, within(64.25 * F32));
        }
        assertThatThrownBy(() -> new WeightedSum(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- batch-size independence

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pixel", "graph", "gini", "rrr", "l1", "l2"})
    void repeatingTheBatchDoesNotChangeThePenalty(String name) {
        Shape sample = new Shape(1, 3, 4);
        int p = 12;
        try (NDManager manager = NDManager.newBaseManager();
                NDScope scope = new NDScope();
                GraphLaplacian graph = Priors.graph(new FeatureGraph(
                        p,
                        IntStream.range(0, p - 1).toArray(),
                        IntStream.range(1, p).toArray(),
                        new float[] {1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1}))) {
            Rng rng = new Rng(31);
            NDArray phi = Arrays64.normal(manager, rng, new Shape(3).addAll(sample), DataType.FLOAT64);
            NDArray mask = Arrays64.uniform(manager, rng, phi.getShape(), DataType.FLOAT64).gt(0.5);
            Map<String, Prior> priors = new LinkedHashMap<>();
            priors.put("pixel", Priors.pixelSmoothness());
            priors.put("graph", graph);
            priors.put("gini", Priors.gini());
            priors.put("rrr", Priors.rightForRightReasons());
            priors.put("l1", Priors.attributionL1());
            priors.put("l2", Priors.attributionL2());
            Prior prior = priors.get(name);
            double once = value(prior.penalty(phi, NO_NETWORK.withMask(mask)));
            double twice =
                    value(prior.penalty(
                            NDArrays.concat(new NDList(phi, phi)),
                            NO_NETWORK.withMask(NDArrays.concat(new NDList(mask, mask)))));
            assertThat(twice).isCloseTo(once, within(1e-10 * Math.max(1, Math.abs(once))));
            assertThat(Math.abs(once)).isGreaterThan(1e-3);
        }
    }

    // ---------------------------------------------------------------- data types

    private static Prior priorNamed(String name, GraphLaplacian graph) {
        return switch (name) {
            case "pixel" -> Priors.pixelSmoothness();
            case "graph" -> graph;
            case "gini" -> Priors.gini();
            case "rrr" -> Priors.rightForRightReasons();
            case "l1" -> Priors.attributionL1();
            case "l2" -> Priors.attributionL2();
            case "weight-l1" -> Priors.weightL1(ParameterNorm.Scope.ALL_LAYERS);
            case "weight-l2" -> Priors.weightL2(ParameterNorm.Scope.FIRST_LAYER);
            case "sgl" -> Priors.sparseGroupLasso(0.5);
            case "sum" -> Priors.sum(Priors.term(2, Priors.attributionL1()));
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static void checkDataType(String name, DataType type) {
        Shape sample = new Shape(1, 2, 3);
        try (NDManager manager = NDManager.newBaseManager();
                Network net = Network.create(
                        new Architecture(new Shape(6), List.of(new LayerSpec.Linear(2, true))),
                        manager.newSubManager(), type, 3);
                NDScope scope = new NDScope();
                GraphLaplacian graph = Priors.graph(new FeatureGraph(6, new int[] {0, 1}, new int[] {1, 5}, new float[] {1, 2}))) {
            NDArray phi = Arrays64.normal(manager, new Rng(4), new Shape(2).addAll(sample), type);
            NDArray mask = manager.ones(phi.getShape(), type);
            Prior prior = priorNamed(name, graph);
            NDArray penalty = prior.penalty(prior.needsAttributions() ? phi : null, PriorContext.of(net).withMask(mask));
            assertThat(penalty.getDataType()).as("data type of %s", name).isEqualTo(type);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pixel", "graph", "rrr", "l1", "l2", "weight-l1", "weight-l2"})
    void penaltyKeepsTheDataTypeInFloat32(String name) {
        checkDataType(name, DataType.FLOAT32);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gini", "sgl", "sum"})
    void penaltyKeepsTheDataTypeInFloat32ForPriorsMixingInDoubles(String name) {
        checkDataType(name, DataType.FLOAT32);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pixel", "graph", "gini", "rrr", "l1", "l2", "weight-l1", "weight-l2", "sgl", "sum"})
    void penaltyKeepsTheDataTypeInFloat64(String name) {
        checkDataType(name, DataType.FLOAT64);
    }

    // ---------------------------------------------------------------- helpers

    private static double value(NDArray scalar) {
        assertThat(scalar.getShape().size()).as("a scalar penalty").isEqualTo(1);
        return Arrays64.doubles(scalar)[0];
    }

    private static double[] meanAbs(double[] phi, int n, int p) {
        double[] bar = new double[p];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < p; i++) {
                bar[i] += Math.abs(phi[s * p + i]) / n;
            }
        }
        return bar;
    }

    private static double quadratic(double[][] l, double[] v) {
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v.length; j++) {
                s += v[i] * l[i][j] * v[j];
            }
        }
        return s;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
