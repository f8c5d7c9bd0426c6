package dev.axiom.runtime.stream;

import dev.axiom.data.Dataset;

/**
 * A batch read ahead by the data loader: its position in the run and its rows, copied out of the
 * training set (plain arrays, safe to hand to any worker thread).
 *
 * @param epoch 0-based epoch
 * @param batchInEpoch 0-based position in the epoch
 * @param indices the rows' indices in the training set
 * @param rows the rows themselves, in that order
 * @param lastOfEpoch whether the batch ends its epoch (or its shard, for an unbounded source)
 */
public record LoadedBatch(int epoch, int batchInEpoch, int[] indices, Dataset rows, boolean lastOfEpoch) {

    /** Samples in the batch. */
    public int size() {
        return indices.length;
    }
}
