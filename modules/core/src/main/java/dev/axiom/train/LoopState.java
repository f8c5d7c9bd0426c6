package dev.axiom.train;

/**
 * Where a training loop is: enough, with the network's parameters, to continue it exactly.
 *
 * @param epoch current 0-based epoch
 * @param batchInEpoch next batch of the epoch
 * @param step updates applied so far
 * @param rng state of the step generator
 * @param optimizer optimiser state
 */
public record LoopState(int epoch, int batchInEpoch, long step, long[] rng, OptimizerState optimizer) {}
