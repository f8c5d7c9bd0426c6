package dev.axiom.onnx;

/** Element-wise comparisons of two arrays of the same length. */
public final class Differences {

    private Differences() {}

    /** {@code max_i |a_i − b_i|}; NaN if either has a NaN. */
    public static double maxAbs(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("cannot compare arrays of " + a.length + " and " + b.length + " values");
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - b[i]);
            if (Double.isNaN(d)) {
                return Double.NaN;
            }
            max = Math.max(max, d);
        }
        return max;
    }
}
