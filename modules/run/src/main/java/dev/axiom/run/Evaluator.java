package dev.axiom.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.axiom.data.Batch;
import dev.axiom.data.Dataset;
import dev.axiom.loss.Loss;
import dev.axiom.metric.Metrics;
import dev.axiom.nn.Network;
import dev.axiom.tensor.Autograd;
import dev.axiom.tensor.Tensors;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Evaluates a network on a data set in inference mode, in batches: the task loss and the metric
 * that fits the labels (accuracy for classes, ROC-AUC for binary targets, R² for regression).
 */
public final class Evaluator {

    private final Network network;
    private final Loss loss;
    private final int batchSize;

    /** An evaluator of {@code network} with {@code loss}. */
    public Evaluator(Network network, Loss loss, int batchSize) {
        this.network = network;
        this.loss = loss;
        this.batchSize = batchSize;
    }

    /** The network's outputs for every sample, row-major {@code (N, outputs)}. */
    public float[] outputs(Dataset data) {
        int k = Math.toIntExact(network.outputShape().size());
        float[] out = new float[data.size() * k];
        Autograd.notRecording(() -> {
            for (int start = 0; start < data.size(); start += batchSize) {
                int end = Math.min(data.size(), start + batchSize);
                try (NDScope scope = new NDScope()) {
                    Batch b = data.batch(range(start, end), network.manager(), network.dataType());
                    float[] o = Tensors.floats(network.predict(b.x()));
                    System.arraycopy(o, 0, out, start * k, o.length);
                }
            }
        });
        return out;
    }

    /** Loss and metric on {@code data}: keys {@code loss} and one of {@code accuracy}, {@code auc}, {@code r2}. */
    public Map<String, Double> evaluate(Dataset data) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (data.size() == 0) {
            return m;
        }
        double total = 0;
        int k = Math.toIntExact(network.outputShape().size());
        float[] out = new float[data.size() * k];
        for (int start = 0; start < data.size(); start += batchSize) {
            int end = Math.min(data.size(), start + batchSize);
            int from = start;
            total += Autograd.notRecording(() -> {
                try (NDScope scope = new NDScope()) {
                    Batch b = data.batch(range(from, end), network.manager(), network.dataType());
                    NDArray o = network.predict(b.x());
                    System.arraycopy(Tensors.floats(o), 0, out, from * k, (end - from) * k);
                    return Tensors.scalar(loss.perSample(o, b.labels()).sum());
                }
            });
        }
        m.put("loss", total / data.size());
        float[] labels = data.labelArray();
        if (data.labelKind() == Dataset.LabelKind.CLASS_INDEX) {
            m.put("accuracy", Metrics.accuracy(out, k, labels));
        } else if (loss.name().equals("binary-cross-entropy")) {
            m.put("auc", Metrics.rocAuc(out, labels));
        } else {
            m.put("r2", Metrics.rSquared(out, labels));
        }
        return m;
    }

    /** The metric early stopping and model choice use, and whether higher is better. */
    public static String primaryMetric(Dataset data, Loss loss) {
        if (data.labelKind() == Dataset.LabelKind.CLASS_INDEX) {
            return "accuracy";
        }
        return loss.name().equals("binary-cross-entropy") ? "auc" : "loss";
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }
}
