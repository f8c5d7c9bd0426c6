package dev.axiom.experiment.sparsity;

import java.util.Arrays;

/** The Lorenz curve of non-negative importances: the share of the total held by the smallest ones. */
public final class Lorenz {

    private Lorenz() {}

    /**
     * The curve at {@code 0, 1/p, …, 1}: point {@code j} is the sum of the {@code j} smallest values
     * over the sum of all ({@code p + 1} points, starting at 0 and ending at 1; a straight line
     * when all values are equal). All-zero values give the line of equality.
     *
     * @throws IllegalArgumentException if a value is negative or not finite
     */
    public static double[] curve(double[] values) {
        double[] v = values.clone();
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] >= 0) || Double.isInfinite(v[i])) {
                throw new IllegalArgumentException("importance " + i + " is " + v[i] + "; a Lorenz curve needs finite values >= 0");
            }
        }
        Arrays.sort(v);
        double total = Arrays.stream(v).sum();
        double[] curve = new double[v.length + 1];
        double running = 0;
        for (int j = 1; j <= v.length; j++) {
            running += v[j - 1];
            curve[j] = total == 0 ? j / (double) v.length : running / total;
        }
        return curve;
    }
}
