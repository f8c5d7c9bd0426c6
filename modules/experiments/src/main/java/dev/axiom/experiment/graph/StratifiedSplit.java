package dev.axiom.experiment.graph;

import dev.axiom.tensor.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A seeded split of binary-labelled samples into a kept part and a held-out part, stratified by
 * label: each class contributes {@code round(n_c · fraction)} samples to the held-out part.
 *
 * @param kept indices of the kept samples, ascending
 * @param heldOut indices of the held-out samples, ascending
 */
record StratifiedSplit(int[] kept, int[] heldOut) {

    /**
     * Splits the samples whose labels are {@code labels[indices[i]]} (0 or 1).
     *
     * @throws IllegalArgumentException if the fraction is not in (0, 1), a label is not 0 or 1, or
     *     a class would be left with no sample on one side
     */
    static StratifiedSplit of(int[] indices, float[] labels, double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("held-out fraction must be in (0, 1), got " + fraction);
        }
        List<Integer> negatives = new ArrayList<>();
        List<Integer> positives = new ArrayList<>();
        for (int i : indices) {
            float y = labels[i];
            if (y == 0f) {
                negatives.add(i);
            } else if (y == 1f) {
                positives.add(i);
            } else {
                throw new IllegalArgumentException("sample " + i + " has label " + y + "; a stratified binary split needs 0 or 1");
            }
        }
        Rng rng = new Rng(seed);
        List<Integer> kept = new ArrayList<>();
        List<Integer> held = new ArrayList<>();
        for (List<Integer> group : List.of(negatives, positives)) {
            int n = group.size();
            int nHeld = (int) Math.round(n * fraction);
            if (nHeld < 1 || nHeld >= n) {
                throw new IllegalArgumentException("a class of " + n + " samples cannot be split with held-out fraction "
                        + fraction + " (" + nHeld + " held out)");
            }
            int[] order = rng.permutation(n);
            for (int k = 0; k < n; k++) {
                (k < nHeld ? held : kept).add(group.get(order[k]));
            }
        }
        return new StratifiedSplit(sorted(kept), sorted(held));
    }

    private static int[] sorted(List<Integer> list) {
        int[] a = list.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(a);
        return a;
    }
}
