package dev.axiom.experiment.benchmark;

import dev.axiom.tensor.Rng;

/**
 * A synthetic regression data set of the SHAP benchmark kind: standard-normal features (independent,
 * or in groups of 3 with a fixed within-group correlation), label {@code y = x·β + ε} with
 * {@code β_j ~ N(0, 1)} drawn from the seed and noise {@code ε ~ N(0, noise²)}.
 *
 * @param name the data set's name, e.g. {@code Independent Linear 60}
 * @param trainX training features, one row per sample
 * @param trainY training labels
 * @param testX test features
 * @param testY test labels
 * @param beta the true coefficients
 */
public record SyntheticData(String name, double[][] trainX, double[] trainY, double[][] testX, double[] testY, double[] beta) {

    /** Size of the correlated groups. */
    public static final int GROUP = 3;

    /** Standard deviation of the label noise. */
    public static final double NOISE = 0.1;

    /** Number of features. */
    public int features() {
        return beta.length;
    }

    /** "Independent Linear p": {@code p} independent N(0, 1) features. */
    public static SyntheticData independentLinear(int features, int train, int test, long seed) {
        return generate("Independent Linear " + features, features, 0, train, test, seed);
    }

    /**
     * "Correlated Groups p": {@code p / 3} independent groups of 3 N(0, 1) features with correlation
     * {@code correlation} inside each group ({@code x_j = √ρ z_g + √(1 − ρ) e_j}).
     */
    public static SyntheticData correlatedGroups(int features, double correlation, int train, int test, long seed) {
        if (features % GROUP != 0) {
            throw new IllegalArgumentException("correlated groups need a multiple of " + GROUP + " features, got " + features);
        }
        if (!(correlation > 0 && correlation < 1)) {
            throw new IllegalArgumentException("within-group correlation must be in (0, 1), got " + correlation);
        }
        return generate("Correlated Groups " + features, features, correlation, train, test, seed);
    }

    private static SyntheticData generate(String name, int p, double rho, int train, int test, long seed) {
        if (p < 1 || train < 2 || test < 1) {
            throw new IllegalArgumentException("need features ≥ 1, train ≥ 2 and test ≥ 1, got " + p + ", " + train + ", " + test);
        }
        Rng rng = new Rng(seed);
        double[] beta = new double[p];
        for (int j = 0; j < p; j++) {
            beta[j] = rng.nextGaussian();
        }
        double[][] x = new double[train + test][p];
        double[] y = new double[train + test];
        for (int i = 0; i < x.length; i++) {
            double z = 0;
            for (int j = 0; j < p; j++) {
                if (rho > 0 && j % GROUP == 0) {
                    z = rng.nextGaussian();
                }
                double e = rng.nextGaussian();
                x[i][j] = rho > 0 ? Math.sqrt(rho) * z + Math.sqrt(1 - rho) * e : e;
                y[i] += beta[j] * x[i][j];
            }
            y[i] += NOISE * rng.nextGaussian();
        }
        return new SyntheticData(name,
                java.util.Arrays.copyOfRange(x, 0, train), java.util.Arrays.copyOfRange(y, 0, train),
                java.util.Arrays.copyOfRange(x, train, train + test), java.util.Arrays.copyOfRange(y, train, train + test),
                beta);
    }
}
