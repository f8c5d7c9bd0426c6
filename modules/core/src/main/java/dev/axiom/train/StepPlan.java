package dev.axiom.train;

/**
 * What a step's gradient workers need to know before computing: which step it is and the seed of
 * each shard's randomness (dropout masks, interpolation coefficients, reference draws).
 *
 * @param step the step's number, 1-based
 * @param epoch 0-based epoch of the step
 * @param batchInEpoch 0-based position of the batch in its epoch
 * @param shardSeeds one seed per shard, in shard order
 */
public record StepPlan(long step, int epoch, int batchInEpoch, long[] shardSeeds) {

    /** Copies the seeds. */
    public StepPlan {
        shardSeeds = shardSeeds.clone();
    }

    /** The seeds (a copy). */
    @Override
    public long[] shardSeeds() {
        return shardSeeds.clone();
    }
}
