package dev.axiom.onnx;

import dev.axiom.data.Dataset;
import dev.axiom.nn.Network;
import java.util.Random;

/**
 * Inputs for comparing an export with Axiom: samples, {@code k} references per sample drawn
 * uniformly from a pool, one coefficient from U(0, 1) per reference row (both from {@code seed}),
 * and as each sample's target the output Axiom predicts for it (the arg-max; 0 for one output).
 *
 * @param x the samples, row-major
 * @param n number of samples
 * @param references {@code n·k} rows, row {@code ℓ·k + j} is reference {@code j} of sample {@code ℓ}
 * @param alphas one coefficient per reference row
 * @param target the explained output index per sample
 */
public record Probe(float[] x, int n, float[] references, float[] alphas, long[] target) {

    /** Draws the references and coefficients for every sample of {@code data}. */
    public static Probe draw(Network network, Dataset data, Dataset pool, int k, long seed) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("no samples to compare");
        }
        if (k < 1 || pool.size() == 0) {
            throw new IllegalArgumentException("need at least one reference per sample and a non-empty reference pool, got k = "
                    + k + " and " + pool.size() + " pool samples");
        }
        int n = data.size();
        int size = data.featureCount();
        float[] x = data.featureArray();
        Random random = new Random(seed);
        float[] poolValues = pool.featureArray();
        float[] references = new float[n * k * size];
        float[] alphas = new float[n * k];
        for (int r = 0; r < n * k; r++) {
            System.arraycopy(poolValues, random.nextInt(pool.size()) * size, references, r * size, size);
            alphas[r] = random.nextFloat();
        }
        float[] outputs = AxiomOutputs.predict(network, x, n);
        int classes = Math.toIntExact(network.outputShape().size());
        long[] target = new long[n];
        for (int i = 0; i < n; i++) {
            target[i] = argMax(outputs, i * classes, classes);
        }
        return new Probe(x, n, references, alphas, target);
    }

    /** References per sample. */
    public int referencesPerSample() {
        return alphas.length / n;
    }

    private static int argMax(float[] values, int from, int count) {
        int best = 0;
        for (int j = 1; j < count; j++) {
            if (values[from + j] > values[from + best]) {
                best = j;
            }
        }
        return best;
    }
}
