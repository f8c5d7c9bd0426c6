package dev.axiom.runtime.trainer;

import dev.axiom.runtime.stream.LoadedBatch;
import dev.axiom.runtime.worker.WorkerProtocol;
import dev.axiom.train.Shards;
import dev.axiom.train.StepPlan;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Synchronous data parallelism: one step at a time, its batch cut into as many shards as workers
 * are live when it starts (fewer for a batch too small, {@link Shards#count}), shard {@code s} to
 * the {@code s}-th live worker; the step is complete when all its shards are. A worker that joins
 * takes part from the next step on; a lost worker's unfinished shards go to the live ones in turn,
 * with their seeds, so the step's result does not change.
 */
final class SynchronousScheduler implements StepScheduler {

    private StepInFlight current;

    @Override
    public boolean idle() {
        return current == null;
    }

    @Override
    public Started start(Deque<LoadedBatch> ready, List<Integer> live, Planner planner, long version) {
        if (current != null || live.isEmpty()) {
            return new Started(List.of(), false);
        }
        if (ready.isEmpty()) {
            return new Started(List.of(), true);
        }
        LoadedBatch batch = ready.poll();
        StepPlan plan = planner.plan(batch, live.size());
        StepInFlight f = new StepInFlight(plan, batch, Shards.bounds(batch.size(), Shards.count(batch.size(), live.size())), version);
        List<Dispatch> out = new ArrayList<>();
        for (int s = 0; s < f.shards(); s++) {
            f.assign(s, live.get(s));
            out.add(new Dispatch(f, s));
        }
        current = f;
        return new Started(out, false);
    }

    @Override
    public Accepted accept(WorkerProtocol.ShardComputed reply, long version, int maxStaleness) {
        StepInFlight f = current;
        if (f == null || f.step() != reply.step() || reply.shard() >= f.shards()
                || f.assignedTo(reply.shard()) != reply.worker() || f.isDone(reply.shard())) {
            return new Accepted(Verdict.LATE, null);
        }
        f.complete(reply.shard(), reply);
        if (!f.complete()) {
            return new Accepted(Verdict.PENDING, f);
        }
        current = null;
        return new Accepted(Verdict.COMPLETE, f);
    }

    @Override
    public Optional<StepInFlight> stepOf(int slot) {
        return current != null && current.involves(slot) ? Optional.of(current) : Optional.empty();
    }

    @Override
    public List<Dispatch> restarted(int slot, long version) {
        List<Dispatch> out = new ArrayList<>();
        if (current != null) {
            for (int s : current.unfinishedOn(slot)) {
                out.add(new Dispatch(current, s));
            }
        }
        return out;
    }

    @Override
    public List<Dispatch> lost(int slot, List<Integer> live, long version) {
        List<Dispatch> out = new ArrayList<>();
        if (current == null || live.isEmpty()) {
            return out;
        }
        int next = 0;
        for (int s : current.unfinishedOn(slot)) {
            current.assign(s, live.get(next++ % live.size()));
            out.add(new Dispatch(current, s));
        }
        return out;
    }

    @Override
    public Optional<StepInFlight> awaitingReferences(long step, int shard) {
        StepInFlight f = current;
        return f != null && f.step() == step && shard < f.shards() && f.references(shard) == null
                ? Optional.of(f) : Optional.empty();
    }
}
