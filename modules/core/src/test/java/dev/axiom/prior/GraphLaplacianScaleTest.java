package dev.axiom.prior;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.prior.graph.FeatureGraph;
import dev.axiom.tensor.Autograd;
import dev.axiom.tensor.Rng;
import dev.axiom.testing.Arrays64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The graph prior on a graph of realistic size (5,000 features, 50,000 edges): the value matches
 * {@link FeatureGraph#quadraticForm} evaluated in double, and the gradient with respect to the
 * attributions matches the edge-list formula. A dense 5,000 × 5,000 Laplacian is never built, here
 * or (by construction of the prior) in the code under test; no timing is asserted.
 */
class GraphLaplacianScaleTest {

    private static final int FEATURES = 5_000;
    private static final int EDGES = 50_000;
    private static final int BATCH = 4;
    private static FeatureGraph graph;

    @BeforeAll
    static void buildGraph() {
        Rng rng = new Rng(2024);
        int[] a = new int[EDGES];
        int[] b = new int[EDGES];
        float[] w = new float[EDGES];
        Set<Long> seen = new HashSet<>();
        int e = 0;
        while (e < EDGES) {
            int u = rng.nextInt(FEATURES);
            int v = rng.nextInt(FEATURES);
            if (u != v && seen.add((long) Math.min(u, v) * FEATURES + Math.max(u, v))) {
                a[e] = u;
                b[e] = v;
                w[e] = rng.nextFloat();
                e++;
            }
        }
        graph = new FeatureGraph(FEATURES, a, b, w);
    }

    @Test
    void penaltyMatchesTheDoubleQuadraticFormInFloat32AndFloat64() {
        try (NDManager manager = NDManager.newBaseManager();
                NDScope scope = new NDScope();
                GraphLaplacian prior = Priors.graph(graph)) {
            NDArray phi64 = Arrays64.normal(manager, new Rng(7), new Shape(BATCH, FEATURES), DataType.FLOAT64);
            double[] phiBar = meanAbs(Arrays64.doubles(phi64));
            double expected = graph.quadraticForm(phiBar);
            assertThat(expected).isGreaterThan(1);

            double value64 = Arrays64.doubles(prior.penalty(phi64, PriorContext.of(null)))[0];
            assertThat(value64).isCloseTo(expected, within(1e-10 * expected));

            NDArray phi32 = phi64.toType(DataType.FLOAT32, false);
            double[] phiBar32 = meanAbs(Arrays64.doubles(phi32));
            double expected32 = graph.quadraticForm(phiBar32);
            double value32 = Arrays64.doubles(prior.penalty(phi32, PriorContext.of(null)))[0];
            assertThat(value32).isCloseTo(expected32, within(1e-4 * expected32));
            // The cached edge arrays of each data type are reused: same value on a second call.
            assertThat(Arrays64.doubles(prior.penalty(phi32, PriorContext.of(null)))[0]).isEqualTo(value32);
            assertThat(Arrays64.doubles(prior.penalty(phi64, PriorContext.of(null)))[0]).isEqualTo(value64);
        }
    }

    /**
     * {@code ∂Ω/∂φ_{ℓi} = (2/N) sign(φ_{ℓi}) (L φ̄)_i} with {@code (L φ̄)_i = Σ_{edges ∋ i} w (φ̄_i − φ̄_other)},
     * accumulated over the edge list in double.
     */
    @Test
    void gradientMatchesTheEdgeListFormula() {
        try (NDManager manager = NDManager.newBaseManager();
                NDScope scope = new NDScope();
                GraphLaplacian prior = Priors.graph(graph)) {
            NDArray phi = Arrays64.normal(manager, new Rng(8), new Shape(BATCH, FEATURES), DataType.FLOAT64);
            phi.setRequiresGradient(true);
            Autograd.recording(
                    () -> {
                        Autograd.backward(prior.penalty(phi, PriorContext.of(null)));
                        return null;
                    });
            double[] actual = Arrays64.doubles(phi.getGradient());

            double[] x = Arrays64.doubles(phi);
            double[] phiBar = meanAbs(x);
            double[] lPhi = new double[FEATURES];
            int[] from = graph.from();
            int[] to = graph.to();
            float[] w = graph.weights();
            for (int e = 0; e < from.length; e++) {
                double d = w[e] * (phiBar[from[e]] - phiBar[to[e]]);
                lPhi[from[e]] += d;
                lPhi[to[e]] -= d;
            }
            double[] expected = new double[x.length];
            for (int s = 0; s < BATCH; s++) {
                for (int i = 0; i < FEATURES; i++) {
                    expected[s * FEATURES + i] = 2.0 / BATCH * Math.signum(x[s * FEATURES + i]) * lPhi[i];
                }
            }
            assertThat(Arrays64.relativeError(actual, expected, 1e-12)).isLessThan(1e-9);
            assertThat(Arrays64.maxAbsDiff(expected, new double[expected.length])).isGreaterThan(1e-3);
        }
    }

    private static double[] meanAbs(double[] phi) {
        double[] bar = new double[FEATURES];
        for (int s = 0; s < BATCH; s++) {
            for (int i = 0; i < FEATURES; i++) {
                bar[i] += Math.abs(phi[s * FEATURES + i]) / BATCH;
            }
        }
        return bar;
    }
}
