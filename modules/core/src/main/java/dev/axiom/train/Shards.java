package dev.axiom.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.axiom.data.Batch;

/**
 * How a batch is cut into shards for data-parallel gradients: contiguous runs of rows, as even as
 * possible, each shard's gradient weighted by its share of the samples so that the weighted sum
 * equals the whole batch's gradient of a per-sample mean.
 */
public final class Shards {

    private Shards() {}

    /**
     * Shards a batch of {@code n} samples is cut into: {@code shards}, or fewer so that each has at
     * least two samples (shifted-batch references need two), or one for a batch of one.
     */
    public static int count(int n, int shards) {
        return Math.max(1, Math.min(shards, n / 2));
    }

    /**
     * Row boundaries of {@code shards} shards of {@code n} rows: shard {@code s} holds rows
     * {@code [bounds[s], bounds[s+1])}.
     *
     * @throws IllegalArgumentException if a shard would be empty
     */
    public static int[] bounds(int n, int shards) {
        if (shards < 1 || shards > n) {
            throw new IllegalArgumentException(
                    "cannot cut a batch of " + n + " samples into " + shards + " non-empty shards");
        }
        int[] bounds = new int[shards + 1];
        for (int s = 0; s <= shards; s++) {
            bounds[s] = (int) ((long) n * s / shards);
        }
        return bounds;
    }

    /** Rows {@code [from, to)} of an array of indices. */
    public static int[] slice(int[] indices, int from, int to) {
        return java.util.Arrays.copyOfRange(indices, from, to);
    }

    /** Rows {@code [from, to)} of a batch (the whole batch when they span it). */
    public static Batch slice(Batch batch, int from, int to) {
        if (from == 0 && to == batch.size()) {
            return batch;
        }
        NDIndex rows = new NDIndex().addSliceDim(from, to);
        NDArray mask = batch.mask() == null ? null : batch.mask().get(rows);
        return new Batch(batch.x().get(rows), batch.labels().get(rows), mask);
    }
}
