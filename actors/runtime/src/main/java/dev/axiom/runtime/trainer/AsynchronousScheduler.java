package dev.axiom.runtime.trainer;

import dev.axiom.runtime.stream.LoadedBatch;
import dev.axiom.runtime.worker.WorkerProtocol;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Asynchronous data parallelism: each idle live worker takes a whole batch (one shard) on the
 * parameters it copies when it starts; its gradient is applied on arrival unless it is more than
 * {@code max-staleness} updates old, when the batch is sent again. A worker that joins gets a
 * batch at once; a lost worker's batch goes to the next idle worker, before any new batch.
 */
final class AsynchronousScheduler implements StepScheduler {

    private final Map<Integer, StepInFlight> bySlot = new TreeMap<>();
    /** Steps of lost workers, waiting for an idle one. */
    private final Deque<StepInFlight> orphans = new ArrayDeque<>();

    @Override
    public boolean idle() {
        return bySlot.isEmpty() && orphans.isEmpty();
    }

    @Override
    public Started start(Deque<LoadedBatch> ready, List<Integer> live, Planner planner, long version) {
        List<Dispatch> out = new ArrayList<>();
        for (int slot : live) {
            if (bySlot.containsKey(slot)) {
                continue;
            }
            StepInFlight f;
            if (!orphans.isEmpty()) {
                f = orphans.poll();
                f.version(version);
            } else if (ready.isEmpty()) {
                return new Started(out, true);
            } else {
                LoadedBatch batch = ready.poll();
                f = new StepInFlight(planner.plan(batch, 1), batch, new int[] {0, batch.size()}, version);
            }
            f.assign(0, slot);
            bySlot.put(slot, f);
            out.add(new Dispatch(f, 0));
        }
        return new Started(out, false);
    }

    @Override
    public Accepted accept(WorkerProtocol.ShardComputed reply, long version, int maxStaleness) {
        StepInFlight f = bySlot.get(reply.worker());
        if (f == null || f.step() != reply.step() || reply.shard() != 0 || f.isDone(0)) {
            return new Accepted(Verdict.LATE, null);
        }
        if (version - f.version() > maxStaleness) {
            f.version(version);
            return new Accepted(Verdict.STALE, f);
        }
        f.complete(0, reply);
        bySlot.remove(reply.worker());
        return new Accepted(Verdict.COMPLETE, f);
    }

    @Override
    public Optional<StepInFlight> stepOf(int slot) {
        return Optional.ofNullable(bySlot.get(slot));
    }

    @Override
    public List<Dispatch> restarted(int slot, long version) {
        StepInFlight f = bySlot.get(slot);
        if (f == null || f.isDone(0)) {
            return List.of();
        }
        f.version(version);
        return List.of(new Dispatch(f, 0));
    }

    @Override
    public List<Dispatch> lost(int slot, List<Integer> live, long version) {
        StepInFlight f = bySlot.remove(slot);
        if (f == null) {
            return List.of();
        }
        for (int to : live) {
            if (!bySlot.containsKey(to)) {
                f.assign(0, to);
                f.version(version);
                bySlot.put(to, f);
                return List.of(new Dispatch(f, 0));
            }
        }
        orphans.add(f);
        return List.of();
    }

    @Override
    public Optional<StepInFlight> awaitingReferences(long step, int shard) {
        for (StepInFlight f : bySlot.values()) {
            if (f.step() == step && shard == 0 && f.references(0) == null) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
