package dev.axiom.metric;

import java.util.Arrays;

/**
 * How much two attribution maps of the same input agree, as the robust-attribution literature
 * measures it: top-k intersection, Kendall's tau-b and Spearman's rho. The maps are compared as
 * given (pass absolute values to compare saliency).
 */
public final class RankAgreement {

    private RankAgreement() {}

    /**
     * The fraction of the {@code k} largest entries of {@code a} that are also among the {@code k}
     * largest of {@code b}. Ties are broken by position (the earlier entry ranks higher).
     */
    public static double topKIntersection(double[] a, double[] b, int k) {
        requireSameLength(a, b);
        if (k < 1 || k > a.length) {
            throw new IllegalArgumentException("k must be in [1, " + a.length + "], got " + k);
        }
        boolean[] inA = new boolean[a.length];
        for (int i : topK(a, k)) {
            inA[i] = true;
        }
        int common = 0;
        for (int i : topK(b, k)) {
            if (inA[i]) {
                common++;
            }
        }
        return (double) common / k;
    }

    /** Positions of the {@code k} largest entries, largest first (ties: earlier first). */
    public static int[] topK(double[] values, int k) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> {
            int c = Double.compare(values[j], values[i]);
            return c != 0 ? c : Integer.compare(i, j);
        });
        int[] top = new int[k];
        for (int i = 0; i < k; i++) {
            top[i] = order[i];
        }
        return top;
    }

    /**
     * Kendall's tau-b (ties in either map count as neither concordant nor discordant), computed in
     * {@code O(n log n)} with Knight's algorithm; NaN when either map is constant.
     */
    public static double kendallTau(double[] a, double[] b) {
        requireSameLength(a, b);
        int n = a.length;
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (i, j) -> {
            int c = Double.compare(a[i], a[j]);
            return c != 0 ? c : Double.compare(b[i], b[j]);
        });
        double[] ySorted = new double[n];
        long tiedA = 0;
        long tiedBoth = 0;
        long runA = 1;
        long runBoth = 1;
        for (int i = 0; i < n; i++) {
            ySorted[i] = b[boxed[i]];
            if (i > 0) {
                boolean sameA = a[boxed[i]] == a[boxed[i - 1]];
                boolean sameB = ySorted[i] == ySorted[i - 1];
                runA = sameA ? runA + 1 : 1;
                runBoth = sameA && sameB ? runBoth + 1 : 1;
                tiedA += sameA ? runA - 1 : 0;
                tiedBoth += sameA && sameB ? runBoth - 1 : 0;
            }
        }
        long swaps = mergeSortCountingSwaps(ySorted, new double[n], 0, n);
        long tiedB = 0;
        long runB = 1;
        for (int i = 1; i < n; i++) {
            runB = ySorted[i] == ySorted[i - 1] ? runB + 1 : 1;
            tiedB += runB - 1;
        }
        long pairs = (long) n * (n - 1) / 2;
        double numerator = pairs - tiedA - tiedB + tiedBoth - 2.0 * swaps;
        double denominator = Math.sqrt((double) (pairs - tiedA) * (pairs - tiedB));
        return denominator == 0 ? Double.NaN : numerator / denominator;
    }

    /** Sorts {@code v[from, to)} ascending; returns the number of strictly inverted pairs. */
    private static long mergeSortCountingSwaps(double[] v, double[] buffer, int from, int to) {
        if (to - from < 2) {
            return 0;
        }
        int mid = (from + to) >>> 1;
        long swaps = mergeSortCountingSwaps(v, buffer, from, mid) + mergeSortCountingSwaps(v, buffer, mid, to);
        int i = from;
        int j = mid;
        int out = from;
        while (i < mid && j < to) {
            if (v[j] < v[i]) {
                swaps += mid - i;
                buffer[out++] = v[j++];
            } else {
                buffer[out++] = v[i++];
            }
        }
        while (i < mid) {
            buffer[out++] = v[i++];
        }
        while (j < to) {
            buffer[out++] = v[j++];
        }
        System.arraycopy(buffer, from, v, from, to - from);
        return swaps;
    }

    /** Spearman's rho: the Pearson correlation of the ranks (ties get their average rank). */
    public static double spearmanRho(double[] a, double[] b) {
        requireSameLength(a, b);
        return pearson(ranks(a), ranks(b));
    }

    /** Ranks 1..n, ties sharing their average rank. */
    static double[] ranks(double[] values) {
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> Double.compare(values[i], values[j]));
        double[] ranks = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            double average = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) {
                ranks[order[t]] = average;
            }
            i = j + 1;
        }
        return ranks;
    }

    private static double pearson(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElse(Double.NaN);
        double my = Arrays.stream(y).average().orElse(Double.NaN);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    private static void requireSameLength(double[] a, double[] b) {
        if (a.length != b.length || a.length < 2) {
            throw new IllegalArgumentException(
                    "the two maps must have the same length >= 2, got " + a.length + " and " + b.length);
        }
    }
}
