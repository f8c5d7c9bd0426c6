package dev.axiom.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.tensor.Rng;

/** Random arrays and comparisons for tests. */
public final class Arrays64 {

    private Arrays64() {}

    /** Standard-normal values of {@code shape} and {@code type}, from {@code rng}. */
    public static NDArray normal(NDManager manager, Rng rng, Shape shape, DataType type) {
        double[] v = new double[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        return manager.create(v, shape).toType(type, false);
    }

    /** Uniform [0, 1) values. */
    public static NDArray uniform(NDManager manager, Rng rng, Shape shape, DataType type) {
        double[] v = new double[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextDouble();
        }
        return manager.create(v, shape).toType(type, false);
    }

    /** Values as doubles. */
    public static double[] doubles(NDArray a) {
        return a.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    /** max |a − b| / max(max |b|, floor). */
    public static double relativeError(double[] a, double[] b, double floor) {
        double num = 0;
        double den = floor;
        for (int i = 0; i < a.length; i++) {
            num = Math.max(num, Math.abs(a[i] - b[i]));
            den = Math.max(den, Math.abs(b[i]));
        }
        return num / den;
    }

    /** max |a − b|. */
    public static double maxAbsDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
