package dev.axiom.data;

import dev.axiom.tensor.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Seeded splits of a data set into training, validation and test parts; stratified by class for
 * class-index labels (each class is split in the same proportions), plain shuffles otherwise.
 */
public final class Splits {

    /**
     * The three parts.
     *
     * @param train training samples
     * @param validation validation samples (may be empty)
     * @param test test samples (may be empty)
     */
    public record Split(Dataset train, Dataset validation, Dataset test) {}

    private Splits() {}

    /**
     * Splits {@code data} with fractions {@code validation} and {@code test} (the rest is training).
     *
     * @throws IllegalArgumentException if the fractions are not in [0, 1) or leave no training data
     */
    public static Split split(Dataset data, double validation, double test, long seed) {
        Parts parts = parts(data.labelKind(), firstLabels(data), validation, test, seed);
        return new Split(data.subset(parts.train()), data.subset(parts.validation()), data.subset(parts.test()));
    }

    /**
     * The indices of the three parts, each sorted.
     *
     * @param train indices of the training samples
     * @param validation indices of the validation samples
     * @param test indices of the test samples
     */
    public record Parts(int[] train, int[] validation, int[] test) {}

    /**
     * The split {@link #split} makes of samples with these labels (stratified by class for class
     * indices), as indices: for data that are encoded only once the training part is known.
     *
     * @throws IllegalArgumentException if the fractions are not in [0, 1) or leave no training data
     */
    public static Parts parts(Dataset.LabelKind kind, float[] labels, double validation, double test, long seed) {
        if (validation < 0 || test < 0 || validation + test >= 1) {
            throw new IllegalArgumentException(
                    "validation and test fractions must be >= 0 and sum to less than 1, got " + validation + " and " + test);
        }
        List<int[]> groups = groups(kind, labels);
        Rng rng = new Rng(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        List<Integer> tst = new ArrayList<>();
        for (int[] group : groups) {
            int[] order = rng.permutation(group.length);
            int nTest = (int) Math.round(group.length * test);
            int nVal = (int) Math.round(group.length * validation);
            for (int i = 0; i < group.length; i++) {
                int sample = group[order[i]];
                if (i < nTest) {
                    tst.add(sample);
                } else if (i < nTest + nVal) {
                    val.add(sample);
                } else {
                    train.add(sample);
                }
            }
        }
        return new Parts(sorted(train), sorted(val), sorted(tst));
    }

    /**
     * Draws {@code trainSize} training and {@code validationSize} validation samples at random, the
     * rest being the test set: the "100 training, 100 validation" design of the sparsity experiment.
     * For class labels the draw is stratified: each part holds every class in its proportion in the
     * data, to within one sample.
     *
     * @throws IllegalArgumentException if the sizes are negative or leave no test data
     */
    public static Split sample(Dataset data, int trainSize, int validationSize, long seed) {
        if (trainSize < 0 || validationSize < 0 || (long) trainSize + validationSize >= data.size()) {
            throw new IllegalArgumentException("cannot draw " + trainSize + " + " + validationSize + " samples from "
                    + data.size() + " and leave a test set");
        }
        int[] order = stratifiedOrder(data, new Rng(seed));
        int[] train = Arrays.copyOfRange(order, 0, trainSize);
        int[] val = Arrays.copyOfRange(order, trainSize, trainSize + validationSize);
        int[] test = Arrays.copyOfRange(order, trainSize + validationSize, order.length);
        Arrays.sort(train);
        Arrays.sort(val);
        Arrays.sort(test);
        return new Split(data.subset(train), data.subset(val), data.subset(test));
    }

    /**
     * A random order of all samples in which every prefix holds each class in its proportion (to
     * within one sample): each class is shuffled, and its {@code i}-th member of {@code n_c} is placed
     * at {@code (i + ½) / n_c} on a common scale.
     */
    private static int[] stratifiedOrder(Dataset data, Rng rng) {
        double[] position = new double[data.size()];
        for (int[] group : groups(data.labelKind(), firstLabels(data))) {
            int[] order = rng.permutation(group.length);
            for (int i = 0; i < group.length; i++) {
                position[group[order[i]]] = (i + 0.5) / group.length;
            }
        }
        return java.util.stream.IntStream.range(0, data.size())
                .boxed()
                .sorted(java.util.Comparator.comparingDouble(i -> position[i]))
                .mapToInt(Integer::intValue)
                .toArray();
    }

    private static List<int[]> groups(Dataset.LabelKind kind, float[] labels) {
        if (kind != Dataset.LabelKind.CLASS_INDEX) {
            int[] all = new int[labels.length];
            Arrays.setAll(all, i -> i);
            return List.of(all);
        }
        Map<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            byClass.computeIfAbsent((int) labels[i], k -> new ArrayList<>()).add(i);
        }
        List<int[]> groups = new ArrayList<>();
        for (List<Integer> members : byClass.values()) {
            groups.add(members.stream().mapToInt(Integer::intValue).toArray());
        }
        return groups;
    }

    private static float[] firstLabels(Dataset data) {
        float[] first = new float[data.size()];
        for (int i = 0; i < first.length; i++) {
            first[i] = data.label(i, 0);
        }
        return first;
    }

    private static int[] sorted(List<Integer> indices) {
        return indices.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
