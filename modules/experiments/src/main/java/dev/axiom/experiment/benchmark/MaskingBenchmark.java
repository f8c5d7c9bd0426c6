package dev.axiom.experiment.benchmark;

import dev.axiom.experiment.Stats;
import dev.axiom.experiment.benchmark.BenchmarkMetric.Action;
import dev.axiom.experiment.benchmark.BenchmarkMetric.Masking;
import dev.axiom.experiment.benchmark.BenchmarkMetric.Sign;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The keep/remove curves of the SHAP benchmark (Lundberg et al. 2020) for a model, test samples and
 * their attributions.
 *
 * <p>For test sample {@code i} and a feature count {@code k} of the grid, the features are ranked by
 * their score ({@code φ}, {@code −φ} or {@code |φ|}; ties by feature index) and the top
 * {@code n_i} taken, where {@code n_i = k} for absolute and {@code n_i = min(k, #{j: score_j ≥ 0})}
 * for positive/negative (as the SHAP benchmark does, so that only features of the right sign are
 * ranked ahead). "Keep" leaves those features as they are and masks the others; "remove" masks them.
 * Masked features become the training mean (mean), the values of {@code R} training rows drawn once
 * and shared by all samples, averaging the model output over the {@code R} rows (resample), or
 * their conditional expectation under a Gaussian fitted on the training set (impute).
 *
 * <p>The curve value at {@code k} is the mean model output over test samples (positive, negative)
 * or the R² of the masked model's outputs against the true labels (absolute). The metric is the
 * trapezoidal area under the curve over {@code k/p}, divided by the width of the grid (so over
 * [0, 1] when the grid runs from 0 to {@code p}).
 */
public final class MaskingBenchmark {

    private final double[] mean;
    private final double[][] resampleRows;
    private final GaussianImputer imputer;
    private final int maxRowsPerCall;

    /**
     * A benchmark masking with statistics of {@code trainX}; {@code resampleIndices} are the training
     * rows used by resample masking.
     */
    public MaskingBenchmark(double[][] trainX, int[] resampleIndices, int maxRowsPerCall) {
        if (resampleIndices.length < 1) {
            throw new IllegalArgumentException("resample masking needs at least one training row");
        }
        this.imputer = GaussianImputer.fit(trainX);
        this.mean = imputer.mean();
        this.resampleRows = new double[resampleIndices.length][];
        for (int r = 0; r < resampleIndices.length; r++) {
            resampleRows[r] = trainX[resampleIndices[r]];
        }
        this.maxRowsPerCall = maxRowsPerCall;
    }

    /** The curve of {@code metric} over {@code grid} (feature counts, 0..p). */
    public double[] curve(Model model, BenchmarkMetric metric, double[][] testX, double[] testY, double[][] phi, int[] grid) {
        int n = testX.length;
        int p = mean.length;
        if (phi.length != n || testY.length != n) {
            throw new IllegalArgumentException(n + " test samples but " + phi.length + " attribution rows and " + testY.length + " labels");
        }
        for (int k : grid) {
            if (k < 0 || k > p) {
                throw new IllegalArgumentException("feature count " + k + " is outside 0.." + p);
            }
        }
        int[][] order = new int[n][];
        int[] eligible = new int[n];
        for (int i = 0; i < n; i++) {
            if (phi[i].length != p || testX[i].length != p) {
                throw new IllegalArgumentException("sample " + i + " has " + testX[i].length + " features and " + phi[i].length + " attributions; expected " + p);
            }
            double[] score = score(phi[i], metric.sign());
            order[i] = order(score);
            eligible[i] = metric.sign() == Sign.ABSOLUTE ? p : (int) Arrays.stream(score).filter(s -> s >= 0).count();
        }
        int copies = metric.masking() == Masking.RESAMPLE ? resampleRows.length : 1;
        int perGroup = Math.max(1, maxRowsPerCall / (n * copies));
        double[] curve = new double[grid.length];
        for (int g0 = 0; g0 < grid.length; g0 += perGroup) {
            int g1 = Math.min(grid.length, g0 + perGroup);
            List<double[]> rows = new ArrayList<>((g1 - g0) * n * copies);
            for (int g = g0; g < g1; g++) {
                for (int i = 0; i < n; i++) {
                    boolean[] known = known(order[i], Math.min(grid[g], eligible[i]), metric.action());
                    rows.addAll(masked(testX[i], known, metric.masking()));
                }
            }
            double[] out = model.predict(rows.toArray(new double[0][]));
            for (int g = g0; g < g1; g++) {
                double[] perSample = new double[n];
                for (int i = 0; i < n; i++) {
                    int base = ((g - g0) * n + i) * copies;
                    double s = 0;
                    for (int c = 0; c < copies; c++) {
                        s += out[base + c];
                    }
                    perSample[i] = s / copies;
                }
                curve[g] = metric.usesRSquared() ? Stats.rSquared(perSample, testY) : Stats.mean(perSample);
            }
        }
        return curve;
    }

    /** The trapezoidal area under {@code curve} over {@code grid / p}, divided by the grid's width. */
    public static double area(int[] grid, double[] curve, int p) {
        if (grid.length != curve.length || grid.length < 2) {
            throw new IllegalArgumentException("an area needs at least 2 grid points and one value each, got " + grid.length + " and " + curve.length);
        }
        double a = 0;
        for (int g = 1; g < grid.length; g++) {
            a += (grid[g] - grid[g - 1]) / (double) p * (curve[g] + curve[g - 1]) / 2;
        }
        return a / ((grid[grid.length - 1] - grid[0]) / (double) p);
    }

    /** The ranking score of each feature: {@code φ}, {@code −φ} or {@code |φ|}. */
    static double[] score(double[] phi, Sign sign) {
        double[] s = new double[phi.length];
        for (int j = 0; j < phi.length; j++) {
            s[j] = switch (sign) {
                case POSITIVE -> phi[j];
                case NEGATIVE -> -phi[j];
                case ABSOLUTE -> Math.abs(phi[j]);
            };
        }
        return s;
    }

    /** Feature indices by decreasing score, ties by increasing index. */
    static int[] order(double[] score) {
        return java.util.stream.IntStream.range(0, score.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(j -> -score[j]).thenComparingInt(j -> j))
                .mapToInt(Integer::intValue).toArray();
    }

    /** Which features stay unmasked when the first {@code top} of {@code order} are kept or removed. */
    static boolean[] known(int[] order, int top, Action action) {
        boolean[] known = new boolean[order.length];
        Arrays.fill(known, action == Action.REMOVE);
        for (int r = 0; r < top; r++) {
            known[order[r]] = action == Action.KEEP;
        }
        return known;
    }

    /** The rows standing for {@code x} with the features not {@code known} masked. */
    List<double[]> masked(double[] x, boolean[] known, Masking masking) {
        return switch (masking) {
            case MEAN -> List.of(replace(x, known, mean));
            case IMPUTE -> List.of(imputer.impute(x, known));
            case RESAMPLE -> {
                List<double[]> rows = new ArrayList<>(resampleRows.length);
                for (double[] r : resampleRows) {
                    rows.add(replace(x, known, r));
                }
                yield rows;
            }
        };
    }

    private static double[] replace(double[] x, boolean[] known, double[] with) {
        double[] out = x.clone();
        for (int j = 0; j < x.length; j++) {
            if (!known[j]) {
                out[j] = with[j];
            }
        }
        return out;
    }
}
