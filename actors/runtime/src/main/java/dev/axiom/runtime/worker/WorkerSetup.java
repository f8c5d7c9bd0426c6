package dev.axiom.runtime.worker;

import dev.axiom.nn.Network;
import dev.axiom.runtime.FaultPlan;
import dev.axiom.train.Objective;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * What every gradient worker of a run shares: the trainer's master network (read under the lock's
 * read side when a worker copies it; the trainer writes under the write side), the objective, and
 * the injected faults with each worker's count of computations (kept across restarts). With
 * {@code shareMaster} (one synchronous worker and nobody else) the worker computes on the master
 * itself, which the trainer leaves alone while it computes: no parameter or gradient copies.
 */
public record WorkerSetup(
        Network master,
        ReadWriteLock lock,
        Objective objective,
        FaultPlan faults,
        AtomicLongArray computations,
        boolean shareMaster) {

    /** A setup for {@code workers} workers. */
    public static WorkerSetup of(
            Network master, ReadWriteLock lock, Objective objective, FaultPlan faults, int workers, boolean shareMaster) {
        return new WorkerSetup(master, lock, objective, faults, new AtomicLongArray(workers), shareMaster);
    }
}
