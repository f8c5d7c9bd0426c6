package dev.axiom.experiment.benchmark;

/**
 * The Cholesky factor {@code L} of a symmetric positive-definite matrix {@code A = L Lᵀ}, and
 * solutions of {@code A x = b} by forward and back substitution.
 */
public final class Cholesky {

    private final double[][] lower;

    private Cholesky(double[][] lower) {
        this.lower = lower;
    }

    /**
     * Factors {@code a} (only its lower triangle is read).
     *
     * @throws IllegalArgumentException if {@code a} is not square or not positive definite
     */
    public static Cholesky of(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            if (a[i].length != n) {
                throw new IllegalArgumentException("Cholesky needs a square matrix, row " + i + " has "
                        + a[i].length + " entries for " + n + " rows");
            }
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new IllegalArgumentException("matrix is not positive definite: pivot " + i + " is " + s);
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return new Cholesky(l);
    }

    /** The size of the matrix. */
    public int size() {
        return lower.length;
    }

    /** The factor {@code L} (a copy). */
    public double[][] lower() {
        double[][] copy = new double[lower.length][];
        for (int i = 0; i < lower.length; i++) {
            copy[i] = lower[i].clone();
        }
        return copy;
    }

    /** The solution {@code x} of {@code A x = b}. */
    public double[] solve(double[] b) {
        int n = lower.length;
        if (b.length != n) {
            throw new IllegalArgumentException("right-hand side has " + b.length + " entries for a " + n + "×" + n + " system");
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= lower[i][k] * y[k];
            }
            y[i] = s / lower[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < n; k++) {
                s -= lower[k][i] * x[k];
            }
            x[i] = s / lower[i][i];
        }
        return x;
    }
}
