package dev.axiom.attribution;

/**
 * Rules for {@code ∫₀¹ h(α) dα ≈ Σ_j w_j h(α_j)} with {@code m} points, as used by integrated
 * gradients.
 */
public enum Quadrature {
    /** {@code α_j = (j − 1)/m}, {@code w_j = 1/m}, j = 1..m. */
    RIEMANN_LEFT,
    /** {@code α_j = j/m}, {@code w_j = 1/m}, j = 1..m (the original IG paper's rule). */
    RIEMANN_RIGHT,
    /** {@code α_j = (j − ½)/m}, {@code w_j = 1/m}, j = 1..m. */
    RIEMANN_MIDDLE,
    /** {@code α_j = j/(m − 1)}, j = 0..m−1, weights {@code 1/(m − 1)} halved at both ends. */
    TRAPEZOID;

    /** The {@code m} points. */
    public double[] points(int m) {
        requireSteps(m);
        double[] a = new double[m];
        for (int j = 0; j < m; j++) {
            a[j] =
                    switch (this) {
                        case RIEMANN_LEFT -> (double) j / m;
                        case RIEMANN_RIGHT -> (j + 1.0) / m;
                        case RIEMANN_MIDDLE -> (j + 0.5) / m;
                        case TRAPEZOID -> (double) j / (m - 1);
                    };
        }
        return a;
    }

    /** The {@code m} weights; they sum to 1. */
    public double[] weights(int m) {
        requireSteps(m);
        double[] w = new double[m];
        if (this == TRAPEZOID) {
            java.util.Arrays.fill(w, 1.0 / (m - 1));
            w[0] /= 2;
            w[m - 1] /= 2;
        } else {
            java.util.Arrays.fill(w, 1.0 / m);
        }
        return w;
    }

    private void requireSteps(int m) {
        int min = this == TRAPEZOID ? 2 : 1;
        if (m < min) {
            throw new IllegalArgumentException(
                    name().toLowerCase(java.util.Locale.ROOT) + " needs at least " + min + " steps, got " + m);
        }
    }
}
