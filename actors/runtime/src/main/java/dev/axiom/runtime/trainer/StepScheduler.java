package dev.axiom.runtime.trainer;

import dev.axiom.runtime.RuntimeSettings;
import dev.axiom.runtime.stream.LoadedBatch;
import dev.axiom.runtime.worker.WorkerProtocol;
import dev.axiom.train.StepPlan;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Which worker computes which shard of which step: the trainer's scheduling, one strategy per
 * {@link RuntimeSettings.Mode}, owning the steps in flight. It decides and keeps the books; the
 * trainer sends what it returns ({@link Dispatch}es) and applies the steps it hands back complete.
 *
 * <ul>
 *   <li>{@link SynchronousScheduler}: one step at a time, its batch cut into one shard per live
 *       worker when the step starts, so the split changes only at a step boundary;
 *   <li>{@link AsynchronousScheduler}: every idle live worker computes a whole batch of its own;
 *       a gradient more than {@code max-staleness} updates old is computed again.
 * </ul>
 *
 * <p>{@code version} arguments are the number of updates applied so far.
 */
sealed interface StepScheduler permits SynchronousScheduler, AsynchronousScheduler {

    /** Plans the step of {@code batch} with {@code shards} shard seeds (the training loop's {@code planStep}). */
    @FunctionalInterface
    interface Planner {
        StepPlan plan(LoadedBatch batch, int shards);
    }

    /** Shard {@code shard} of {@code step} is to be sent to the worker it is assigned to. */
    record Dispatch(StepInFlight step, int shard) {}

    /** What {@link #start} did: shards to send, and whether a step would start if a batch were ready. */
    record Started(List<Dispatch> dispatches, boolean wantsBatch) {}

    /** What a computed shard means. */
    enum Verdict {
        /** Not (or no longer) expected: a reply from before a restart or reassignment, or of a finished step. */
        LATE,
        /** Computed on parameters too old (asynchronous): to be sent again, as the step says. */
        STALE,
        /** Kept; the step waits for other shards. */
        PENDING,
        /** Kept, and the step is complete: apply it (it is no longer in flight). */
        COMPLETE
    }

    /** A {@link Verdict} on a reply, and the step it belongs to (null when late). */
    record Accepted(Verdict verdict, StepInFlight step) {}

    /** The strategy for {@code mode}. */
    static StepScheduler of(RuntimeSettings.Mode mode) {
        return mode == RuntimeSettings.Mode.SYNCHRONOUS ? new SynchronousScheduler() : new AsynchronousScheduler();
    }

    /** Whether no step is in flight (nor waiting for a worker). */
    boolean idle();

    /**
     * Starts what can start now with the batches in {@code ready} (taken from its head) on the
     * {@code live} workers (ascending slots).
     */
    Started start(Deque<LoadedBatch> ready, List<Integer> live, Planner planner, long version);

    /** Books a computed shard with the number of updates applied so far. */
    Accepted accept(WorkerProtocol.ShardComputed reply, long version, int maxStaleness);

    /** The step in flight with a shard on {@code slot}, if any. */
    Optional<StepInFlight> stepOf(int slot);

    /** The worker at {@code slot} was restarted: its unfinished shards, to be sent to it again. */
    List<Dispatch> restarted(int slot, long version);

    /**
     * The worker at {@code slot} is gone for good: its unfinished shards, reassigned to
     * {@code live} workers (those to send now), or kept until a worker is idle.
     */
    List<Dispatch> lost(int slot, List<Integer> live, long version);

    /** The step in flight {@code step}, assigned to a worker, whose shard {@code shard} waits for references. */
    Optional<StepInFlight> awaitingReferences(long step, int shard);
}
