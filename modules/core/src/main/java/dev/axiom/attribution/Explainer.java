package dev.axiom.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.axiom.nn.Network;
import dev.axiom.tensor.Autograd;
import dev.axiom.tensor.Rng;
import dev.axiom.tensor.Tensors;
import java.util.Arrays;

/**
 * Explains a trained model on any number of samples with any number of references or steps, in
 * bounded memory: samples are processed in groups and references (EG) or quadrature points (IG) in
 * chunks, so that no forward pass has more than {@code maxRowsPerPass} rows, nor so many that its
 * widest activation exceeds {@link #PASS_BYTES}. The result does not
 * depend on the split: shifted-batch references are taken over all explained samples, as one pass
 * would. Runs in inference mode (no dropout, running batch-norm statistics) without recording
 * gradients; results are copied to the host.
 */
public final class Explainer {

    /**
     * The most bytes one activation of a pass may take. glibc serves every block of 32 MB or more
     * with a fresh {@code mmap} that the kernel zeroes and faults in page by page, then unmaps on
     * free; smaller blocks are reused warm. Measured on IG with 300 points for 50 images of the
     * paper CNN: passes of 4,096 rows (400 MB activations) took 35 s, half of it in the kernel, and
     * 6 GB; passes of 150 rows (under this bound) took 12 to 15 s and 0.7 GB.
     */
    public static final long PASS_BYTES = 16L << 20;

    private final Network network;
    private final int rowsPerPass;

    /**
     * An explainer for {@code network} whose passes have at most {@code maxRowsPerPass} rows (fewer
     * when the network's widest activation would exceed {@link #PASS_BYTES}).
     */
    public Explainer(Network network, int maxRowsPerPass) {
        if (maxRowsPerPass < 1) {
            throw new IllegalArgumentException("maxRowsPerPass must be positive, got " + maxRowsPerPass);
        }
        this.network = network;
        long bytesPerRow = network.widestActivation() * network.dataType().getNumOfBytes();
        this.rowsPerPass = (int) Math.max(1, Math.min(maxRowsPerPass, PASS_BYTES / Math.max(1, bytesPerRow)));
    }

    /** The rows of each forward pass: at most the requested maximum and within {@link #PASS_BYTES}. */
    public int rowsPerPass() {
        return rowsPerPass;
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
        int perChunk = Math.min(steps, rowsPerPass);
        return run(x, labels, target, perChunk, (group, result) -> {
            NDArray xb = group.x();
            NDArray b = baseline.of(xb);
            double[] weighted = new double[Math.toIntExact(xb.getShape().size())];
            for (int from = 0; from < steps; from += perChunk) {
                int to = Math.min(steps, from + perChunk);
                try (NDScope chunk = new NDScope()) {
                    add(weighted, ig.weightedGradient(
                            network, xb, b, group.labels(), group.target(), context(null), from, to));
                }
            }
            float[] delta = Tensors.floats(xb.sub(b));
            for (int i = 0; i < weighted.length; i++) {
                result.attributions[i] = (float) (delta[i] * weighted[i]);
            }
            result.referenceOutput = values(b, group.labels(), group.target());
        });
    }

    /**
     * Expected gradients with {@code references} draws per sample from {@code source}, split into
     * chunks; {@code referenceOutput} is the mean explained value over the references drawn. With
     * {@link ReferenceSource#shiftedBatch()}, the batch is all of {@code x}.
     */
    public Explanation expectedGradients(
            NDArray x, NDArray labels, Target target, ReferenceSource source, int references, Rng rng) {
        new ExpectedGradients(references, source); // validates
        int perChunk = Math.min(references, rowsPerPass);
        return run(x, labels, target, perChunk, (group, result) -> {
            NDArray xb = group.x();
            int n = Math.toIntExact(xb.getShape().get(0));
            double[] sum = new double[Math.toIntExact(xb.getShape().size())];
            double[] referenceSum = new double[n];
            for (int done = 0; done < references; done += perChunk) {
                int k = Math.min(perChunk, references - done);
                try (NDScope chunk = new NDScope()) {
                    NDArray refs =
                            source instanceof ShiftedBatch
                                    ? ShiftedBatch.rows(x, group.from(), group.from() + n, done, k)
                                    : source.references(xb, k, rng);
                    ExpectedGradients.Draw draw = ExpectedGradients.withCoefficients(refs, xb, k, rng);
                    add(sum, ExpectedGradients.attribute(
                            network, xb, group.labels(), group.target(), context(rng), draw));
                    NDArray repeated = group.labels() == null ? null : group.labels().repeat(0, k);
                    float[] s = values(refs, repeated, group.target());
                    for (int i = 0; i < s.length; i++) {
                        referenceSum[i / k] += s[i];
                    }
                }
            }
            for (int i = 0; i < sum.length; i++) {
                result.attributions[i] = (float) (sum[i] / references);
            }
            result.referenceOutput = new float[n];
            for (int i = 0; i < n; i++) {
                result.referenceOutput[i] = (float) (referenceSum[i] / references);
            }
        });
    }

    private Explanation local(NDArray x, NDArray labels, Target target, AttributionMethod method) {
        return run(x, labels, target, 1, (group, result) -> {
            NDArray phi = method.attribute(network, group.x(), group.labels(), group.target(), context(null));
            float[] values = Tensors.floats(phi);
            System.arraycopy(values, 0, result.attributions, 0, values.length);
            result.referenceOutput = new float[Math.toIntExact(group.x().getShape().get(0))];
            Arrays.fill(result.referenceOutput, Float.NaN);
        });
    }

    /** A group of samples with the target resolved at its inputs. */
    private record Group(int from, NDArray x, NDArray labels, Target target) {}

    private interface GroupWork {
        void explain(Group group, GroupResult result);
    }

    private static final class GroupResult {
        float[] attributions;
        float[] referenceOutput;
    }

    private Explanation run(NDArray x, NDArray labels, Target target, int rowsPerSample, GroupWork work) {
        Shape shape = x.getShape();
        int n = Math.toIntExact(shape.get(0));
        int features = Math.toIntExact(shape.size() / Math.max(1, n));
        int groupSize = Math.max(1, rowsPerPass / rowsPerSample);
        float[] attributions = new float[n * features];
        float[] output = new float[n];
        float[] referenceOutput = new float[n];
        Autograd.notRecording(() -> {
            for (int start = 0; start < n; start += groupSize) {
                int end = Math.min(n, start + groupSize);
                try (NDScope scope = new NDScope()) {
                    NDIndex rows = new NDIndex("{}:{}", start, end);
                    NDArray xb = x.get(rows);
                    Target.Resolved resolved = target.resolve(network, xb, labels == null ? null : labels.get(rows));
                    Group group = new Group(start, xb, resolved.labels(), resolved.target());
                    GroupResult result = new GroupResult();
                    result.attributions = new float[(end - start) * features];
                    work.explain(group, result);
                    System.arraycopy(result.attributions, 0, attributions, start * features, result.attributions.length);
                    System.arraycopy(result.referenceOutput, 0, referenceOutput, start, end - start);
                    System.arraycopy(values(xb, group.labels(), group.target()), 0, output, start, end - start);
                }
            }
        });
        return new Explanation(shape, attributions, output, referenceOutput);
    }

    private float[] values(NDArray x, NDArray labels, Target target) {
        return Tensors.floats(target.value(network.predict(x), labels));
    }

    private static AttributionContext context(Rng rng) {
        return new AttributionContext(rng, false, null);
    }

    private static void add(double[] acc, NDArray values) {
        float[] v = Tensors.floats(values);
        for (int i = 0; i < v.length; i++) {
            acc[i] += v[i];
        }
    }
}
