package dev.axiom.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.axiom.attribution.AttributionContext;
import dev.axiom.attribution.Baseline;
import dev.axiom.attribution.IntegratedGradients;
import dev.axiom.attribution.Quadrature;
import dev.axiom.attribution.Target;
import dev.axiom.metric.RankAgreement;
import dev.axiom.nn.Network;
import dev.axiom.tensor.Autograd;
import dev.axiom.tensor.Rng;
import dev.axiom.tensor.Tensors;

/**
 * The top-k attack on integrated-gradients attributions (Ghorbani, Abid and Zou, as Chen et al.
 * evaluate robust attribution): perturb each input within the ℓ∞ ball so that its predicted label
 * stays the same while the attribution mass on the {@code k} pixels that mattered most moves
 * elsewhere.
 *
 * <p>The saliency of an input is {@code |IG|} of the true-class logit from a zero baseline, summed
 * over channels. The attack descends the fraction of saliency on the original top-k pixels,
 * computed on a smooth copy of the network (every ReLU run as {@code softplus_β}, because a ReLU
 * network's saliency is piecewise constant in the input), by sign steps projected onto the ball.
 * After every step the real (ReLU) network checks the iterate: an iterate that changes the
 * predicted label is never kept (the walk goes on from it); among the others the one with the
 * lowest Kendall's tau to the original saliency is kept, over all steps and restarts. The first
 * restart starts at {@code x}, later ones at random points of the ball.
 *
 * @param ascent the ball, the number of steps and the step size (its random-start flag is unused)
 * @param restarts runs per input (at least 1)
 * @param k number of top pixels
 * @param igSteps IG points used inside the attack (Riemann right rule)
 * @param softplusBeta β of the smooth copy (1: TensorFlow's {@code softplus}, as the reference code)
 */
public record TopKAttributionAttack(
        ProjectedAscent ascent, int restarts, int k, int igSteps, double softplusBeta) {

    /** Checks the settings. */
    public TopKAttributionAttack {
        if (restarts < 1 || k < 1 || igSteps < 1 || !(softplusBeta > 0)) {
            throw new IllegalArgumentException(
                    "the attribution attack needs restarts, k and IG steps >= 1 and softplus beta > 0, got "
                            + restarts + ", " + k + ", " + igSteps + ", " + softplusBeta);
        }
    }

    /**
     * The outcome for a batch.
     *
     * @param perturbed the kept point of every input ({@code x} itself where none was kept)
     * @param success whether a label-preserving point that moved the top-k set was kept
     * @param predicted the label the network predicts for each input (and for each kept point)
     * @param kendallTau Kendall's tau between the attack-time saliency of {@code x} and of the kept point
     */
    public record Result(float[] perturbed, boolean[] success, int[] predicted, double[] kendallTau) {}

    /** Attacks every row of {@code x}; {@code labels} are the true classes the saliency explains. */
    public Result attack(Network network, NDArray x, NDArray labels, Rng rng) {
        int n = Math.toIntExact(x.getShape().get(0));
        int size = Math.toIntExact(x.getShape().size() / n);
        float[] kept = Tensors.floats(x);
        boolean[] success = new boolean[n];
        double[] bestTau = new double[n];
        java.util.Arrays.fill(bestTau, Double.POSITIVE_INFINITY);
        int[] predicted = predictions(network, x);
        double[][] original = rows(Autograd.notRecording(() -> saliency(network, x, labels, 0)));
        int pixels = original[0].length;
        if (k > pixels) {
            throw new IllegalArgumentException("k = " + k + " exceeds the " + pixels + " pixels of a saliency map");
        }
        NDArray topMask = mask(x, original, pixels);
        for (int r = 0; r < restarts; r++) {
            NDArray current = r == 0 ? x.duplicate() : Autograd.notRecording(() -> ascent.ball().randomPoint(x, rng));
            for (int t = 0; t < ascent.steps(); t++) {
                NDArray next = ascent.step(x, current, p -> topMass(network, p, labels, topMask), network.parameterArrays());
                NDScope.unregister(current);
                current.close();
                current = next;
                keepBest(network, current, labels, predicted, original, kept, size, success, bestTau);
            }
            NDScope.unregister(current);
            current.close();
        }
        for (int i = 0; i < n; i++) {
            if (!success[i]) {
                bestTau[i] = 1;
            }
        }
        return new Result(kept, success, predicted, bestTau);
    }

    private void keepBest(
            Network network, NDArray point, NDArray labels, int[] predicted, double[][] original,
            float[] kept, int size, boolean[] success, double[] bestTau) {
        try (NDScope scope = new NDScope()) {
            int[] now = predictions(network, point);
            double[][] saliency = rows(Autograd.notRecording(() -> saliency(network, point, labels, 0)));
            float[] values = null;
            for (int i = 0; i < now.length; i++) {
                if (now[i] != predicted[i]) {
                    continue;
                }
                double tau = RankAgreement.kendallTau(original[i], saliency[i]);
                boolean moved = RankAgreement.topKIntersection(original[i], saliency[i], k) < 1;
                if (moved && tau < bestTau[i]) {
                    values = values == null ? Tensors.floats(point) : values;
                    System.arraycopy(values, i * size, kept, i * size, size);
                    bestTau[i] = tau;
                    success[i] = true;
                }
            }
        }
    }

    /** Per sample, the fraction of smooth-copy saliency on the original top-k pixels. */
    private NDArray topMass(Network network, NDArray p, NDArray labels, NDArray topMask) {
        NDArray s = saliency(network, p, labels, softplusBeta);
        return s.mul(topMask).sum(new int[] {1}).div(Tensors.plus(s.sum(new int[] {1}), 1e-12)).neg();
    }

    /**
     * {@code |IG|} of the true-class logit from a zero baseline, summed over channels: shape
     * {@code (N, pixels)}; {@code beta > 0} runs the smooth copy (differentiable in the input).
     */
    NDArray saliency(Network network, NDArray x, NDArray labels, double beta) {
        IntegratedGradients ig = new IntegratedGradients(Baseline.zeros(), igSteps, Quadrature.RIEMANN_RIGHT);
        AttributionContext context = AttributionContext.of(null);
        NDArray phi = ig.attribute(network, x, labels, Target.trueClass(), beta > 0 ? context.withSoftplusRelu(beta) : context);
        return pixelSaliency(phi);
    }

    /** {@code |φ|} summed over the channel axis of images {@code (N, C, H, W)}, flattened per sample. */
    public static NDArray pixelSaliency(NDArray phi) {
        NDArray magnitude = phi.abs();
        Shape shape = phi.getShape();
        NDArray perPixel = shape.dimension() == 4 ? magnitude.sum(new int[] {1}) : magnitude;
        return perPixel.reshape(shape.get(0), -1);
    }

    private NDArray mask(NDArray x, double[][] original, int pixels) {
        float[] m = new float[original.length * pixels];
        for (int i = 0; i < original.length; i++) {
            for (int j : RankAgreement.topK(original[i], k)) {
                m[i * pixels + j] = 1;
            }
        }
        return Tensors.owned(x.getManager().create(m, new Shape(original.length, pixels))).toType(x.getDataType(), false);
    }

    static int[] predictions(Network network, NDArray x) {
        try (NDScope scope = new NDScope()) {
            NDArray classes = network.predict(x).argMax(1);
            long[] values = classes.toLongArray();
            int[] out = new int[values.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.toIntExact(values[i]);
            }
            return out;
        }
    }

    static double[][] rows(NDArray matrix) {
        int n = Math.toIntExact(matrix.getShape().get(0));
        int p = Math.toIntExact(matrix.getShape().get(1));
        float[] values = Tensors.floats(matrix);
        double[][] out = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                out[i][j] = values[i * p + j];
            }
        }
        return out;
    }
}
