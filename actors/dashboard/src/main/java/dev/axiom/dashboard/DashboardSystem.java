package dev.axiom.dashboard;

import dev.axiom.runtime.RuntimeDriver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** The actor system of a stand-alone dashboard (the HTTP server and the snapshot actors). */
public final class DashboardSystem {

    private DashboardSystem() {}

    /** A new system named {@code axiom-dashboard} with Axiom's system configuration. */
    public static ActorSystem<Void> create() {
        return ActorSystem.create(Behaviors.empty(), "axiom-dashboard", RuntimeDriver.systemConfig());
    }

    /** Terminates {@code system} and waits. */
    public static void terminate(ActorSystem<?> system) {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
    }
}
