package dev.axiom.prior.graph;

import dev.axiom.tensor.Rng;
import java.util.HashSet;
import java.util.Set;

/**
 * A weighted, undirected graph over {@code features} feature indices, stored as an edge list (each
 * undirected edge once). Its Laplacian {@code L = D − W} is never formed: the quadratic form is
 * {@code φ̄ᵀ L φ̄ = Σ_{edges (a,b)} w_ab (φ̄_a − φ̄_b)²}.
 */
public final class FeatureGraph {

    private final int features;
    private final int[] from;
    private final int[] to;
    private final float[] weight;

    /**
     * A graph; edges are {@code (from[e], to[e])} with weight {@code weight[e]}.
     *
     * @throws IllegalArgumentException naming the edge if an index is out of range, a weight is
     *     negative or not finite, or the arrays differ in length
     */
    public FeatureGraph(int features, int[] from, int[] to, float[] weight) {
        if (features < 1) {
            throw new IllegalArgumentException("a feature graph needs at least 1 feature, got " + features);
        }
        if (from.length != to.length || from.length != weight.length) {
            throw new IllegalArgumentException(
                    "edge arrays differ in length: "
                            + from.length
                            + " sources, "
                            + to.length
                            + " targets, "
                            + weight.length
                            + " weights");
        }
        for (int e = 0; e < from.length; e++) {
            if (from[e] < 0 || from[e] >= features || to[e] < 0 || to[e] >= features) {
                throw new IllegalArgumentException(
                        "edge "
                                + e
                                + " ("
                                + from[e]
                                + ", "
                                + to[e]
                                + ") names a feature outside 0.."
                                + (features - 1));
            }
            if (!(weight[e] >= 0) || Float.isInfinite(weight[e])) {
                throw new IllegalArgumentException(
                        "edge " + e + " has weight " + weight[e] + "; weights must be finite and >= 0");
            }
        }
        this.features = features;
        this.from = from.clone();
        this.to = to.clone();
        this.weight = weight.clone();
    }

    /** Number of features (nodes). */
    public int features() {
        return features;
    }

    /** Number of undirected edges. */
    public int edges() {
        return from.length;
    }

    /** Edge sources (a copy). */
    public int[] from() {
        return from.clone();
    }

    /** Edge targets (a copy). */
    public int[] to() {
        return to.clone();
    }

    /** Edge weights (a copy). */
    public float[] weights() {
        return weight.clone();
    }

    /** {@code vᵀ L v} in double precision, for checks and reports. */
    public double quadraticForm(double[] v) {
        if (v.length != features) {
            throw new IllegalArgumentException(
                    "vector has " + v.length + " entries, the graph has " + features + " features");
        }
        double s = 0;
        for (int e = 0; e < from.length; e++) {
            double d = v[from[e]] - v[to[e]];
            s += weight[e] * d * d;
        }
        return s;
    }

    /** Whether every feature can reach every other along edges of positive weight. */
    public boolean isConnected() {
        int[] parent = new int[features];
        for (int i = 0; i < features; i++) {
            parent[i] = i;
        }
        for (int e = 0; e < from.length; e++) {
            if (weight[e] > 0) {
                parent[root(parent, from[e])] = root(parent, to[e]);
            }
        }
        int r = root(parent, 0);
        for (int i = 1; i < features; i++) {
            if (root(parent, i) != r) {
                return false;
            }
        }
        return true;
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /**
     * A random graph over the same features with the same number of distinct edges and the same
     * multiset of weights (shuffled): the control of the graph-prior experiment.
     */
    public FeatureGraph randomized(long seed) {
        Rng rng = new Rng(seed);
        long possible = (long) features * (features - 1) / 2;
        if (from.length > possible) {
            throw new IllegalStateException("more edges than pairs of features");
        }
        Set<Long> seen = new HashSet<>();
        int[] a = new int[from.length];
        int[] b = new int[from.length];
        int e = 0;
        while (e < from.length) {
            int u = rng.nextInt(features);
            int v = rng.nextInt(features);
            if (u == v) {
                continue;
            }
            int lo = Math.min(u, v);
            int hi = Math.max(u, v);
            if (seen.add((long) lo * features + hi)) {
                a[e] = lo;
                b[e] = hi;
                e++;
            }
        }
        float[] w = weight.clone();
        int[] perm = rng.permutation(w.length);
        float[] shuffled = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            shuffled[i] = w[perm[i]];
        }
        return new FeatureGraph(features, a, b, shuffled);
    }
}
