package dev.axiom.experiment.benchmark;

/**
 * A multivariate Gaussian fitted on training data (sample mean, sample covariance with a small
 * ridge), used to impute features: the conditional expectation of the unknown features given the
 * known ones, {@code μ_m + Σ_mk Σ_kk⁻¹ (x_k − μ_k)}.
 */
public final class GaussianImputer {

    /** Added to the covariance diagonal, as in the SHAP benchmark, so that Σ_kk stays invertible. */
    public static final double RIDGE = 1e-6;

    private final double[] mean;
    private final double[][] covariance;

    /** A Gaussian with the given mean and covariance (used as given). */
    public GaussianImputer(double[] mean, double[][] covariance) {
        if (covariance.length != mean.length) {
            throw new IllegalArgumentException("covariance has " + covariance.length + " rows for " + mean.length + " means");
        }
        this.mean = mean.clone();
        this.covariance = covariance;
    }

    /** The Gaussian fitted on the rows of {@code x}: mean, covariance (n − 1) plus {@link #RIDGE}·I. */
    public static GaussianImputer fit(double[][] x) {
        if (x.length < 2) {
            throw new IllegalArgumentException("fitting a Gaussian needs at least 2 rows, got " + x.length);
        }
        int p = x[0].length;
        double[] mu = new double[p];
        for (double[] row : x) {
            for (int j = 0; j < p; j++) {
                mu[j] += row[j] / x.length;
            }
        }
        double[][] c = new double[p][p];
        for (double[] row : x) {
            for (int i = 0; i < p; i++) {
                double di = row[i] - mu[i];
                for (int j = 0; j <= i; j++) {
                    c[i][j] += di * (row[j] - mu[j]);
                }
            }
        }
        for (int i = 0; i < p; i++) {
            for (int j = 0; j <= i; j++) {
                c[i][j] /= x.length - 1;
                c[j][i] = c[i][j];
            }
            c[i][i] += RIDGE;
        }
        return new GaussianImputer(mu, c);
    }

    /** The mean. */
    public double[] mean() {
        return mean.clone();
    }

    /**
     * {@code x} with every feature not {@code known} replaced by its conditional expectation given
     * the known ones (the mean when none is known).
     */
    public double[] impute(double[] x, boolean[] known) {
        int p = mean.length;
        if (x.length != p || known.length != p) {
            throw new IllegalArgumentException("impute needs " + p + " features, got " + x.length + " values and " + known.length + " flags");
        }
        int[] k = indices(known, true);
        int[] m = indices(known, false);
        double[] out = x.clone();
        if (m.length == 0) {
            return out;
        }
        double[] w = new double[0];
        if (k.length > 0) {
            double[][] ckk = new double[k.length][k.length];
            double[] dk = new double[k.length];
            for (int a = 0; a < k.length; a++) {
                for (int b = 0; b < k.length; b++) {
                    ckk[a][b] = covariance[k[a]][k[b]];
                }
                dk[a] = x[k[a]] - mean[k[a]];
            }
            w = Cholesky.of(ckk).solve(dk);
        }
        for (int j : m) {
            double v = mean[j];
            for (int a = 0; a < k.length; a++) {
                v += covariance[j][k[a]] * w[a];
            }
            out[j] = v;
        }
        return out;
    }

    private static int[] indices(boolean[] flags, boolean value) {
        int n = 0;
        for (boolean f : flags) {
            if (f == value) {
                n++;
            }
        }
        int[] out = new int[n];
        int i = 0;
        for (int j = 0; j < flags.length; j++) {
            if (flags[j] == value) {
                out[i++] = j;
            }
        }
        return out;
    }
}
