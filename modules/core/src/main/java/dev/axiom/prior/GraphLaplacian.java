package dev.axiom.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.axiom.prior.graph.FeatureGraph;
import dev.axiom.tensor.Tensors;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Graph prior: {@code φ̄ᵀ L_G φ̄ = Σ_{edges (a,b)} w_ab (φ̄_a − φ̄_b)²} on the global importance, with
 * {@code L_G = D − W} of a sparse feature graph. Costs {@code O(edges)}: two gathers and a weighted
 * sum. The edge arrays are kept in a manager of the prior's own, one copy per data type and device, and are
 * only read, so one instance may serve several threads.
 */
public final class GraphLaplacian implements Prior, AutoCloseable {

    private final FeatureGraph graph;
    private final NDManager manager = NDManager.newBaseManager();
    private final Map<Key, NDArray[]> edges = new ConcurrentHashMap<>();

    /** The edge arrays of one data type on one device. */
    private record Key(DataType type, ai.djl.Device device) {}

    /** The prior for {@code graph}. */
    public GraphLaplacian(FeatureGraph graph) {
        this.graph = graph;
    }

    @Override
    public NDArray penalty(NDArray attributions, PriorContext context) {
        NDArray importance = context.globalImportance(attributions);
        long p = importance.getShape().size();
        if (p != graph.features()) {
            throw new IllegalArgumentException(
                    "the feature graph has "
                            + graph.features()
                            + " features but the attributions have "
                            + p
                            + " per sample");
        }
        NDArray[] e = edges.computeIfAbsent(new Key(importance.getDataType(), importance.getDevice()), this::upload);
        NDArray diff = importance.get(e[0]).sub(importance.get(e[1]));
        return diff.square().mul(e[2]).sum();
    }

    private synchronized NDArray[] upload(Key key) {
        DataType type = key.type();
        NDManager manager = this.manager.newSubManager(key.device());
        int m = graph.edges();
        long[] a = new long[m];
        long[] b = new long[m];
        int[] from = graph.from();
        int[] to = graph.to();
        for (int i = 0; i < m; i++) {
            a[i] = from[i];
            b[i] = to[i];
        }
        NDArray w = Tensors.owned(manager.create(graph.weights()));
        NDArray[] arrays = {
            Tensors.owned(manager.create(a)), Tensors.owned(manager.create(b)), type == DataType.FLOAT32 ? w : w.toType(type, false)
        };
        for (NDArray array : arrays) {
            NDScope.unregister(array);
        }
        return arrays;
    }

    @Override
    public boolean usesGlobalImportance() {
        return true;
    }

    /** The graph. */
    public FeatureGraph graph() {
        return graph;
    }

    @Override
    public String describe() {
        return "graph-laplacian(" + graph.features() + " features, " + graph.edges() + " edges)";
    }

    @Override
    public void close() {
        manager.close();
    }
}
