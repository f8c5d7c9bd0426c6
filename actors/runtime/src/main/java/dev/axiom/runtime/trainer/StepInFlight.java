package dev.axiom.runtime.trainer;

import dev.axiom.runtime.stream.LoadedBatch;
import dev.axiom.runtime.worker.WorkerProtocol;
import dev.axiom.train.StepPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * A step being computed: its plan and batch, the bounds of its shards, and per shard the worker
 * it is assigned to, the attempts so far, the references drawn for it (if the objective pools
 * them) and the reply once computed. {@code version} is the number of updates applied when its
 * shards were (last) sent, from which the staleness of its gradient follows.
 */
final class StepInFlight {

    private final StepPlan plan;
    private final LoadedBatch batch;
    private final int[] bounds;
    private final WorkerProtocol.ShardComputed[] done;
    private final int[] attempts;
    private final int[] assignedTo;
    private final float[][] references;
    private final long started = System.nanoTime();
    private long version;

    /** A step of {@code plan} on {@code batch}, cut at {@code bounds} (shard {@code s}: rows {@code [bounds[s], bounds[s+1])}). */
    StepInFlight(StepPlan plan, LoadedBatch batch, int[] bounds, long version) {
        if (bounds.length < 2 || bounds[0] != 0 || bounds[bounds.length - 1] != batch.size()) {
            throw new IllegalArgumentException("shard bounds must run from 0 to the batch's " + batch.size() + " rows");
        }
        this.plan = plan;
        this.batch = batch;
        this.bounds = bounds.clone();
        int shards = bounds.length - 1;
        this.done = new WorkerProtocol.ShardComputed[shards];
        this.attempts = new int[shards];
        this.assignedTo = new int[shards];
        this.references = new float[shards][];
        this.version = version;
    }

    StepPlan plan() {
        return plan;
    }

    long step() {
        return plan.step();
    }

    LoadedBatch batch() {
        return batch;
    }

    int shards() {
        return done.length;
    }

    /** First row of shard {@code s}. */
    int from(int s) {
        return bounds[s];
    }

    /** End (exclusive) of shard {@code s}. */
    int to(int s) {
        return bounds[s + 1];
    }

    int assignedTo(int s) {
        return assignedTo[s];
    }

    void assign(int s, int slot) {
        assignedTo[s] = slot;
    }

    /** Whether any shard is assigned to {@code slot}. */
    boolean involves(int slot) {
        for (int w : assignedTo) {
            if (w == slot) {
                return true;
            }
        }
        return false;
    }

    /** The shards assigned to {@code slot} that are not done yet. */
    List<Integer> unfinishedOn(int slot) {
        List<Integer> out = new ArrayList<>();
        for (int s = 0; s < done.length; s++) {
            if (assignedTo[s] == slot && done[s] == null) {
                out.add(s);
            }
        }
        return out;
    }

    /** The shards not done yet. */
    List<Integer> unfinished() {
        List<Integer> out = new ArrayList<>();
        for (int s = 0; s < done.length; s++) {
            if (done[s] == null) {
                out.add(s);
            }
        }
        return out;
    }

    boolean isDone(int s) {
        return done[s] != null;
    }

    void complete(int s, WorkerProtocol.ShardComputed reply) {
        done[s] = reply;
    }

    /** Whether every shard is done. */
    boolean complete() {
        for (WorkerProtocol.ShardComputed d : done) {
            if (d == null) {
                return false;
            }
        }
        return true;
    }

    /** The shards' replies, in shard order (entries are null until done). */
    List<WorkerProtocol.ShardComputed> replies() {
        return java.util.Arrays.asList(done.clone());
    }

    /** Counts an attempt of shard {@code s}; returns the attempts so far. */
    int attempt(int s) {
        return ++attempts[s];
    }

    int attempts(int s) {
        return attempts[s];
    }

    float[] references(int s) {
        return references[s];
    }

    void references(int s, float[] rows) {
        references[s] = rows;
    }

    long version() {
        return version;
    }

    void version(long v) {
        version = v;
    }

    /** Seconds since the step was planned. */
    double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }
}
