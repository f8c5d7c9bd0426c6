package dev.axiom.runtime.cluster;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.axiom.nn.Network;
import dev.axiom.run.Devices;
import dev.axiom.run.Models;
import dev.axiom.run.Objectives;
import dev.axiom.run.Progress;
import dev.axiom.run.TrainingJob;
import dev.axiom.run.config.RunSettings;
import dev.axiom.run.data.DataLoader;
import dev.axiom.run.data.RunData;
import dev.axiom.runtime.RuntimeDriver;
import dev.axiom.runtime.RuntimeSettings;
import dev.axiom.runtime.events.TrainingEvent;
import dev.axiom.train.Objective;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * One node of a training cluster ({@code ./axiom node}): a trainer node runs the run (its trainer,
 * its local workers, and the remote workers it waits for); a worker node hosts gradient workers
 * and leaves when the trainer's node does.
 */
public final class ClusterNode {

    /** The role of the trainer's node. */
    public static final String TRAINER = "trainer";

    private ClusterNode() {}

    /**
     * The actor system's configuration for a node: cluster provider, Artery on the configured
     * address, seed nodes, CBOR for cross-node messages, and the split-brain resolver removing
     * unreachable nodes after the configured time. It keeps the side of the trainer node (the oldest
     * member with role {@code trainer}), even alone: a trainer is never downed because its workers
     * are unreachable (with keep-majority, two of three nodes unreachable at once, say while a
     * loaded machine starts a JVM, downed the trainer and failed the run).
     */
    public static Config systemConfig(RunSettings.Cluster c) {
        String seeds = c.seedNodes().stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", "));
        return ConfigFactory.parseString("""
                pekko.actor.provider = cluster
                pekko.actor.serialization-bindings { "dev.axiom.runtime.cluster.CborSerializable" = jackson-cbor }
                pekko.remote.artery.canonical.hostname = "%s"
                pekko.remote.artery.canonical.port = %d
                pekko.cluster.seed-nodes = [%s]
                pekko.cluster.roles = ["%s"]
                pekko.cluster.downing-provider-class = "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider"
                pekko.cluster.split-brain-resolver.active-strategy = keep-oldest
                pekko.cluster.split-brain-resolver.keep-oldest { role = "%s", down-if-alone = off }
                pekko.cluster.split-brain-resolver.stable-after = %.1fs
                pekko.cluster.failure-detector.acceptable-heartbeat-pause = %.1fs
                pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                """.formatted(c.hostname(), c.port(), seeds, c.role(), TRAINER,
                        c.downAfterSeconds(), Math.max(1.0, c.downAfterSeconds() / 2)))
                .withFallback(RuntimeDriver.systemConfig());
    }

    /** Runtime settings of a trainer node: the run's, with the remote workers of its cluster section. */
    public static RuntimeSettings runtimeSettings(RunSettings s) {
        return RuntimeDriver.settingsOf(s.runtime()).withCluster(new RuntimeSettings.Cluster(
                s.cluster().remoteWorkers(), s.cluster().onNodeLoss().equals("continue"), s.cluster().chunkFloats(),
                s.cluster().elastic()));
    }

    /**
     * Runs a trainer node: trains {@code job} with its local and remote workers; events go to
     * {@code events}. Returns the run's result once training is over and the node has left.
     */
    public static TrainingJob.Result runTrainer(TrainingJob job, Consumer<TrainingEvent> events) {
        return runTrainer(job, events, node -> {});
    }

    /**
     * A trainer node while it trains: how many cluster members are up, and how to stop the run
     * after its current step (with a checkpoint).
     *
     * @param members the members that are up
     * @param stop stops the run after the current step
     */
    public record RunningTrainer(IntSupplier members, Runnable stop) {}

    /** Like {@link #runTrainer(TrainingJob, Consumer)}; {@code started} hears of the node before training starts. */
    public static TrainingJob.Result runTrainer(TrainingJob job, Consumer<TrainingEvent> events, Consumer<RunningTrainer> started) {
        RunSettings s = job.settings();
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "axiom", systemConfig(s.cluster()));
        try {
            RuntimeDriver driver = RuntimeDriver.in(system, runtimeSettings(s), events);
            job.withDriver(driver);
            Cluster cluster = Cluster.get(system);
            started.accept(new RunningTrainer(
                    () -> (int) java.util.stream.StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
                            .filter(m -> m.status() == org.apache.pekko.cluster.MemberStatus.up()).count(),
                    () -> {
                        job.requestStop();
                        driver.stop();
                    }));
            return job.run();
        } finally {
            Cluster.get(system).manager().tell(org.apache.pekko.cluster.typed.Leave.create(Cluster.get(system).selfMember().address()));
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
        }
    }

    /** Starts a worker node; it serves until the trainer's node leaves the cluster, or until {@link WorkerNode#leave()}. */
    public static WorkerNode startWorkers(RunSettings s) {
        Device device = Devices.resolve(s.train().device());
        RunData data = DataLoader.load(s);
        return new WorkerNode(ActorSystem.create(workers(s, data, device), "axiom", systemConfig(s.cluster())));
    }

    /** A running worker node. */
    public static final class WorkerNode {
        private final ActorSystem<Void> system;

        private WorkerNode(ActorSystem<Void> system) {
            this.system = system;
        }

        /**
         * Leaves the cluster gracefully and stops the node: the trainer hears of it at once (a lost
         * worker, its shards computed again by others) instead of after {@code down-after-seconds}.
         */
        public void leave() {
            org.apache.pekko.actor.CoordinatedShutdown.get(system).runAll(
                    org.apache.pekko.actor.CoordinatedShutdown.clusterLeavingReason());
        }

        /** Blocks until the node has stopped. */
        public void awaitTermination() {
            system.getWhenTerminated().toCompletableFuture().join();
        }
    }

    private static Behavior<Void> workers(RunSettings s, RunData data, Device device) {
        return Behaviors.<ClusterEvent.MemberRemoved>setup(context -> {
                    NDManager pools = NDManager.newBaseManager(device);
                    NDArray pool = data.train().features(pools);
                    NDArray mean = pool.mean(new int[] {0});
                    Objective objective = Objectives.objective(s, data, pool, mean);
                    for (int w = 0; w < s.cluster().workersPerNode(); w++) {
                        Network replica = Models.network(s.model(), data.train().sampleShape(), data.outputs(), s.seed(), device);
                        context.spawn(RemoteWorker.create(replica, objective, data.train(),
                                s.cluster().chunkFloats()), "worker-" + w);
                    }
                    Cluster.get(context.getSystem()).subscriptions().tell(
                            Subscribe.create(context.getSelf(), ClusterEvent.MemberRemoved.class));
                    context.getLog().info("worker node {} hosts {} workers", Cluster.get(context.getSystem()).selfMember().address(),
                            s.cluster().workersPerNode());
                    return Behaviors.receive(ClusterEvent.MemberRemoved.class)
                            .onMessage(ClusterEvent.MemberRemoved.class, m -> {
                                if (m.member().hasRole(TRAINER)) {
                                    context.getLog().info("the trainer's node left; this worker node stops");
                                    return Behaviors.stopped();
                                }
                                return Behaviors.same();
                            })
                            .onSignal(org.apache.pekko.actor.typed.PostStop.class, sig -> {
                                pools.close();
                                return Behaviors.same();
                            })
                            .build();
                })
                .unsafeCast();
    }

}
