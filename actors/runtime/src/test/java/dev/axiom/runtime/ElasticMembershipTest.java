package dev.axiom.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.axiom.data.Dataset;
import dev.axiom.nn.Network;
import dev.axiom.runtime.RuntimeFixture.Events;
import dev.axiom.runtime.cluster.RemoteWorker;
import dev.axiom.runtime.events.TrainingEvent;
import dev.axiom.train.TrainingLoop;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Elastic membership in one JVM: "remote" workers ({@link RemoteWorker}s registered with the
 * receptionist of the trainer's own actor system, as a worker node's are) join a synchronous run
 * while it trains, and one leaves. A joiner is taken in, computes from the next step on (one shard
 * of two), and the run applies every batch once. The run is paused around each membership change
 * so that the checks do not depend on timing.
 */
class ElasticMembershipTest {

    private static final int EPOCHS = 25; // 25 × 12 batches = 300 steps
    private static final Dataset DATA = RuntimeFixture.data();
    /** One per test, so that no test's workers are listed by the receptionist in another's. */
    private ActorSystem<Void> system;

    @BeforeEach
    void startSystem() {
        system = ActorSystem.create(Behaviors.empty(), "elastic-membership-test");
    }

    @AfterEach
    void stopSystem() {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
    }

    /** What a worker was asked to compute. */
    private record Shard(long step, int shard, double weight) {}

    @Test
    void workersJoinARunningTrainerFromTheNextStepAndOneLeavesWithoutLosingABatch() throws Exception {
        RuntimeSettings settings = RuntimeSettings.defaults().withCluster(new RuntimeSettings.Cluster(0, true, 32_768, true));
        try (Network net = RuntimeFixture.network(); TrainingLoop loop = RuntimeFixture.loop(net, EPOCHS, 1)) {
            Events events = new Events();
            TrainingRuntime.Running run = TrainingRuntime.start(system, loop, DATA, settings, events::add);
            await(() -> events.of(TrainingEvent.StepCompleted.class).size() >= 10, events, "10 steps with the local worker");

            run.pause();
            List<Shard> a = new CopyOnWriteArrayList<>();
            ActorRef<String> nodeA = system.systemActorOf(node(a), "node-a", Props.empty());
            await(() -> events.of(TrainingEvent.WorkerJoined.class).size() == 1, events, "worker a joined");
            TrainingEvent.WorkerJoined joined = events.of(TrainingEvent.WorkerJoined.class).get(0);
            assertThat(joined.worker()).as("slot 0 is the local worker").isEqualTo(1);
            Thread.sleep(300);
            assertThat(a).as("a paused run starts no step, so the joiner has no shard yet").isEmpty();
            run.resume();
            await(() -> a.size() >= 10, events, "10 shards computed by worker a");

            run.pause();
            nodeA.tell("leave");
            await(() -> events.of(TrainingEvent.WorkerLost.class).size() == 1, events, "worker a lost");
            assertThat(events.of(TrainingEvent.WorkerLost.class).get(0).worker()).isEqualTo(1);
            run.resume();
            List<Shard> b = new CopyOnWriteArrayList<>();
            system.systemActorOf(node(b), "node-b", Props.empty());
            run.await();

            List<TrainingEvent.WorkerJoined> joins = events.of(TrainingEvent.WorkerJoined.class);
            assertThat(joins).extracting(TrainingEvent.WorkerJoined::worker).as("slots are not reused").containsExactly(1, 2);
            assertThat(a.get(0).step()).as("worker a's first step comes after its join").isGreaterThan(joined.step());
            assertThat(a).as("worker a computed the second of two shards of 20-sample batches")
                    .allSatisfy(s -> {
                        assertThat(s.shard()).isEqualTo(1);
                        assertThat(s.weight()).isEqualTo(0.5);
                    });
            assertThat(a).extracting(Shard::step).as("one shard per step").doesNotHaveDuplicates().isSorted();
            assertThat(b).as("worker b, joined without a pause, computed shards too").isNotEmpty();
            assertThat(b.get(0).step()).isGreaterThan(joins.get(1).step());

            long steps = EPOCHS * 12L;
            TrainingEvent.Finished finished = events.of(TrainingEvent.Finished.class).get(0);
            assertThat(finished.stoppedBeforeTheEnd()).isFalse();
            assertThat(finished.step()).isEqualTo(steps);
            assertThat(finished.batchesDrawn()).isEqualTo(steps);
            assertThat(finished.batchesApplied()).isEqualTo(steps);
            assertThat(events.of(TrainingEvent.StepCompleted.class)).extracting(TrainingEvent.StepCompleted::step)
                    .as("every step applied once, in order").containsExactlyElementsOf(LongStream.rangeClosed(1, steps).boxed().toList());
        }
    }

    @Test
    void withoutElasticAWorkerRegisteringDuringTheRunIsIgnored() throws Exception {
        try (Network net = RuntimeFixture.network(); TrainingLoop loop = RuntimeFixture.loop(net, 10, 1)) {
            Events events = new Events();
            TrainingRuntime.Running run = TrainingRuntime.start(system, loop, DATA, RuntimeSettings.defaults(), events::add);
            await(() -> events.of(TrainingEvent.StepCompleted.class).size() >= 5, events, "5 steps");
            List<Shard> c = new CopyOnWriteArrayList<>();
            system.systemActorOf(node(c), "node-c", Props.empty());
            run.await();
            assertThat(events.of(TrainingEvent.WorkerJoined.class)).isEmpty();
            assertThat(c).isEmpty();
            assertThat(events.of(TrainingEvent.Finished.class).get(0).batchesApplied()).isEqualTo(120);
        }
    }

    /**
     * A stand-in for a worker node: a {@link RemoteWorker} on its own replica, every shard it is
     * asked for recorded in {@code computed}; any message to the node stops it (the node leaves).
     */
    private static Behavior<String> node(List<Shard> computed) {
        return Behaviors.setup(context -> {
            ActorRef<RemoteWorker.Command> monitor = context.spawn(Behaviors.receive(RemoteWorker.Command.class)
                    .onMessage(RemoteWorker.Compute.class, c -> {
                        computed.add(new Shard(c.step(), c.shard(), c.weight()));
                        return Behaviors.same();
                    })
                    .onAnyMessage(m -> Behaviors.same())
                    .build(), "monitor");
            context.spawn(Behaviors.monitor(RemoteWorker.Command.class, monitor,
                    RemoteWorker.create(RuntimeFixture.network(), RuntimeFixture.objective(), DATA, 32_768)), "worker");
            return Behaviors.receiveMessage(m -> Behaviors.stopped());
        });
    }

    private static void await(BooleanSupplier condition, Events events, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited a minute in vain for " + what + "; last events: "
                        + events.subList(Math.max(0, events.size() - 10), events.size()));
            }
            Thread.sleep(10);
        }
    }
}
