package dev.axiom.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.axiom.nn.Network;
import dev.axiom.tensor.Autograd;
import dev.axiom.tensor.Rng;
import java.util.Arrays;

/**
 * Explains a trained model on any number of samples with any number of references or steps, in
 * bounded memory: samples are processed in batches and references (EG) or quadrature points (IG)
 * in chunks, so that no forward pass has more than {@code maxRowsPerPass} rows. Runs in inference
 * mode (no dropout, running batch-norm statistics) without recording gradients; results are copied
 * to the host.
 */
public final class Explainer {

    private final Network network;
    private final int maxRowsPerPass;

    /** An explainer for {@code network} whose passes have at most {@code maxRowsPerPass} rows. */
    public Explainer(Network network, int maxRowsPerPass) {
        if (maxRowsPerPass < 1) {
            throw new IllegalArgumentException("maxRowsPerPass must be positive, got " + maxRowsPerPass);
        }
        this.network = network;
        this.maxRowsPerPass = maxRowsPerPass;
    }

    /** Input gradients of every sample of {@code x}. */
    public Explanation gradients(NDArray x, NDArray labels, Target target) {
        return local(x, labels, target, new InputGradient());
    }

    /** Gradient × input of every sample of {@code x}. */
    public Explanation gradientTimesInput(NDArray x, NDArray labels, Target target) {
        return local(x, labels, target, new GradientTimesInput());
    }

    /** Integrated gradients with {@code steps} points, split into chunks. */
    public Explanation integratedGradients(
            NDArray x, NDArray labels, Target target, Baseline baseline, int steps, Quadrature rule) {
        IntegratedGradients ig = new IntegratedGradients(baseline, steps, rule);
        int perChunk = Math.min(steps, maxRowsPerPass);
        return run(
                x,
                labels,
                target,
                perChunk,
                (xb, lb, acc) -> {
                    NDArray b = baseline.of(xb);
                    double[] weighted = new double[Math.toIntExact(xb.getShape().size())];
                    for (int from = 0; from < steps; from += perChunk) {
                        int to = Math.min(steps, from + perChunk);
                        try (NDScope chunk = new NDScope()) {
                            NDArray part =
                                    ig.weightedGradient(network, xb, b, lb, target, context(null), from, to);
                            add(weighted, part);
                        }
                    }
                    float[] delta = xb.sub(b).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
                    for (int i = 0; i < weighted.length; i++) {
                        acc.attributions[i] = (float) (delta[i] * weighted[i]);
                    }
                    acc.referenceOutput = values(b, lb, target);
                });
    }

    /**
     * Expected gradients with {@code references} draws per sample from {@code source}, split into
     * chunks; {@code referenceOutput} is the mean explained value over the references drawn.
     */
    public Explanation expectedGradients(
            NDArray x,
            NDArray labels,
            Target target,
            ReferenceSource source,
            int references,
            Rng rng) {
        ExpectedGradients eg = new ExpectedGradients(references, source);
        int perChunk = Math.min(references, maxRowsPerPass);
        return run(
                x,
                labels,
                target,
                perChunk,
                (xb, lb, acc) -> {
                    int n = Math.toIntExact(xb.getShape().get(0));
                    double[] sum = new double[Math.toIntExact(xb.getShape().size())];
                    double[] referenceSum = new double[n];
                    for (int done = 0; done < references; done += perChunk) {
                        int k = Math.min(perChunk, references - done);
                        try (NDScope chunk = new NDScope()) {
                            ExpectedGradients.Draw draw = eg.draw(xb, k, rng);
                            add(sum, ExpectedGradients.attribute(network, xb, lb, target, context(rng), draw));
                            NDArray repeatedLabels = lb == null ? null : lb.repeat(0, k);
                            float[] s = values(draw.references(), repeatedLabels, target);
                            for (int i = 0; i < s.length; i++) {
                                referenceSum[i / k] += s[i];
                            }
                        }
                    }
                    for (int i = 0; i < sum.length; i++) {
                        acc.attributions[i] = (float) (sum[i] / references);
                    }
                    acc.referenceOutput = new float[n];
                    for (int i = 0; i < n; i++) {
                        acc.referenceOutput[i] = (float) (referenceSum[i] / references);
                    }
                });
    }

    private Explanation local(NDArray x, NDArray labels, Target target, AttributionMethod method) {
        return run(
                x,
                labels,
                target,
                1,
                (xb, lb, acc) -> {
                    NDArray phi = method.attribute(network, xb, lb, target, context(null));
                    float[] values = toFloats(phi);
                    System.arraycopy(values, 0, acc.attributions, 0, values.length);
                    acc.referenceOutput = new float[Math.toIntExact(xb.getShape().get(0))];
                    Arrays.fill(acc.referenceOutput, Float.NaN);
                });
    }

    private interface BatchWork {
        void explain(NDArray x, NDArray labels, BatchResult result);
    }

    private static final class BatchResult {
        float[] attributions;
        float[] referenceOutput;
    }

    private Explanation run(NDArray x, NDArray labels, Target target, int rowsPerSample, BatchWork work) {
        Shape shape = x.getShape();
        int n = Math.toIntExact(shape.get(0));
        int features = Math.toIntExact(shape.size() / Math.max(1, n));
        int batch = Math.max(1, maxRowsPerPass / rowsPerSample);
        float[] attributions = new float[n * features];
        float[] output = new float[n];
        float[] referenceOutput = new float[n];
        Autograd.notRecording(
                () -> {
                    for (int start = 0; start < n; start += batch) {
                        int end = Math.min(n, start + batch);
                        try (NDScope scope = new NDScope()) {
                            NDIndex rows = new NDIndex("{}:{}", start, end);
                            NDArray xb = x.get(rows);
                            NDArray lb = labels == null ? null : labels.get(rows);
                            BatchResult result = new BatchResult();
                            result.attributions = new float[(end - start) * features];
                            work.explain(xb, lb, result);
                            System.arraycopy(
                                    result.attributions, 0, attributions, start * features, result.attributions.length);
                            System.arraycopy(result.referenceOutput, 0, referenceOutput, start, end - start);
                            float[] out = values(xb, lb, target);
                            System.arraycopy(out, 0, output, start, end - start);
                        }
                    }
                });
        return new Explanation(shape, attributions, output, referenceOutput);
    }

    private float[] values(NDArray x, NDArray labels, Target target) {
        return toFloats(target.value(network.predict(x), labels));
    }

    private static AttributionContext context(Rng rng) {
        return new AttributionContext(rng, false, null);
    }

    private static void add(double[] acc, NDArray values) {
        float[] v = toFloats(values);
        for (int i = 0; i < v.length; i++) {
            acc[i] += v[i];
        }
    }

    private static float[] toFloats(NDArray array) {
        return array.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
    }
}
