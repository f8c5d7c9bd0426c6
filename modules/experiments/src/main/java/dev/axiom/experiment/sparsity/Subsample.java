package dev.axiom.experiment.sparsity;

import dev.axiom.tensor.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One replicate's split of the rows: {@code train} and {@code validation} drawn at random,
 * stratified by label (each gets {@code round(size × prevalence)} positives, at least one), and
 * every other row in {@code test}.
 */
public record Subsample(int[] train, int[] validation, int[] test) {

    /**
     * Draws a split of rows with binary {@code labels} (0/1) from {@code seed}.
     *
     * @throws IllegalArgumentException if there are too few positives or negatives for the sizes
     */
    public static Subsample draw(float[] labels, int trainSize, int validationSize, long seed) {
        List<Integer> positives = new ArrayList<>();
        List<Integer> negatives = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == 1f) {
                positives.add(i);
            } else if (labels[i] == 0f) {
                negatives.add(i);
            } else {
                throw new IllegalArgumentException("label of row " + i + " is " + labels[i] + ", expected 0 or 1");
            }
        }
        double prevalence = positives.size() / (double) labels.length;
        int trainPositives = positivesFor(trainSize, prevalence);
        int validationPositives = positivesFor(validationSize, prevalence);
        if (trainPositives + validationPositives >= positives.size()
                || trainSize - trainPositives + validationSize - validationPositives >= negatives.size()) {
            throw new IllegalArgumentException("cannot draw " + trainSize + " training and " + validationSize
                    + " validation rows from " + positives.size() + " positives and " + negatives.size()
                    + " negatives and keep a test set with both");
        }
        Rng rng = new Rng(seed);
        int[] pos = shuffled(positives, rng);
        int[] neg = shuffled(negatives, rng);
        int[] train = concat(Arrays.copyOfRange(pos, 0, trainPositives), Arrays.copyOfRange(neg, 0, trainSize - trainPositives));
        int vp = trainPositives + validationPositives;
        int vn = trainSize - trainPositives + validationSize - validationPositives;
        int[] validation = concat(Arrays.copyOfRange(pos, trainPositives, vp),
                Arrays.copyOfRange(neg, trainSize - trainPositives, vn));
        int[] test = concat(Arrays.copyOfRange(pos, vp, pos.length), Arrays.copyOfRange(neg, vn, neg.length));
        Arrays.sort(train);
        Arrays.sort(validation);
        Arrays.sort(test);
        return new Subsample(train, validation, test);
    }

    /** {@code round(size × prevalence)}, at least 1 and at most {@code size − 1}. */
    static int positivesFor(int size, double prevalence) {
        if (size < 2) {
            throw new IllegalArgumentException("a split needs at least 2 rows, got " + size);
        }
        return (int) Math.max(1, Math.min(size - 1, Math.round(size * prevalence)));
    }

    private static int[] shuffled(List<Integer> rows, Rng rng) {
        int[] order = rng.permutation(rows.size());
        int[] out = new int[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(order[i]);
        }
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
