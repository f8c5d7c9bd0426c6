package dev.axiom.runtime.trainer;

import dev.axiom.runtime.stream.LoadedBatch;
import dev.axiom.runtime.worker.WorkerProtocol;
import dev.axiom.train.StepPlan;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.IntStream;

/** Batches, a planner that numbers steps and records how many shard seeds each step asked for, and replies. */
final class SchedulerFixture {

    final Deque<LoadedBatch> ready = new ArrayDeque<>();
    final List<Integer> seedsAsked = new ArrayList<>();
    private long nextStep = 1;
    private int nextBatch;

    /** Queues batches of {@code sizes} rows. */
    SchedulerFixture batches(int... sizes) {
        for (int n : sizes) {
            ready.add(new LoadedBatch(0, nextBatch++, IntStream.range(0, n).toArray(), null, false));
        }
        return this;
    }

    StepPlan plan(LoadedBatch batch, int shards) {
        seedsAsked.add(shards);
        long[] seeds = new long[shards];
        for (int s = 0; s < shards; s++) {
            seeds[s] = 100 * nextStep + s;
        }
        return new StepPlan(nextStep++, batch.epoch(), batch.batchInEpoch(), seeds);
    }

    /** Worker {@code worker}'s result for shard {@code shard} of {@code step} (no gradient: the scheduler does not read it). */
    static WorkerProtocol.ShardComputed reply(int worker, StepInFlight step, int shard) {
        return new WorkerProtocol.ShardComputed(worker, step.step(), shard, step.version(), null, null, null);
    }

    /** The slots the dispatches go to, in order. */
    static List<Integer> targets(List<StepScheduler.Dispatch> dispatches) {
        return dispatches.stream().map(d -> d.step().assignedTo(d.shard())).toList();
    }
}
