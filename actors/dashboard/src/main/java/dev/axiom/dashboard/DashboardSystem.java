package dev.axiom.dashboard;

import dev.axiom.runtime.RuntimeDriver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** The actor system of a stand-alone dashboard (the HTTP server and the snapshot actors). */
public final class DashboardSystem {

    private DashboardSystem() {}

    /**
     * Serving threads: at most two, each running an actor's messages in batches. Pekko's default
     * (at least 8 fork-join threads) spends most of a dashboard's CPU waking and parking threads for
     * the small messages of hundreds of event streams, beside a training that uses every core.
     */
    private static final String SERVING = """
            pekko.actor.default-dispatcher {
              fork-join-executor { parallelism-min = 1, parallelism-factor = 0.5, parallelism-max = 2 }
              throughput = 64
            }
            pekko.actor.internal-dispatcher.fork-join-executor { parallelism-min = 1, parallelism-factor = 0.5, parallelism-max = 2 }
            """;

    /** A new system named {@code axiom-dashboard} with Axiom's system configuration and few serving threads. */
    public static ActorSystem<Void> create() {
        return ActorSystem.create(Behaviors.empty(), "axiom-dashboard",
                com.typesafe.config.ConfigFactory.parseString(SERVING).withFallback(RuntimeDriver.systemConfig()));
    }

    /** Terminates {@code system} and waits. */
    public static void terminate(ActorSystem<?> system) {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
    }
}
