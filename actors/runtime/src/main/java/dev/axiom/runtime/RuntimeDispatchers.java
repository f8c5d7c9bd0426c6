package dev.axiom.runtime;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;

/** Where the runtime's blocking actors (trainer, gradient workers) run. */
public final class RuntimeDispatchers {

    /** The pinned dispatcher's configuration path (defined in the runtime's reference.conf). */
    public static final String PINNED = "axiom-runtime.pinned-dispatcher";
    /** The single thread shared by the trainer and worker 0. */
    public static final String LEAD = "axiom-runtime.lead-dispatcher";

    private RuntimeDispatchers() {}

    /** The trainer's: the thread it shares with worker 0 (Pekko's blocking-IO pool if the system lacks it). */
    public static DispatcherSelector trainer(ActorSystem<?> system) {
        return select(system, LEAD);
    }

    /** Worker {@code id}'s: the trainer's thread for worker 0, a thread of its own for the others. */
    public static DispatcherSelector worker(ActorSystem<?> system, int id) {
        return select(system, id == 0 ? LEAD : PINNED);
    }

    private static DispatcherSelector select(ActorSystem<?> system, String path) {
        return system.settings().config().hasPath(path) ? DispatcherSelector.fromConfig(path) : DispatcherSelector.blocking();
    }
}
