package dev.axiom.runtime.worker;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.axiom.attribution.ProvidedReferences;
import dev.axiom.data.Batch;
import dev.axiom.nn.Network;
import dev.axiom.runtime.FaultPlan;
import dev.axiom.runtime.prior.SharedImportance;
import dev.axiom.runtime.stream.LoadedBatch;
import dev.axiom.tensor.Autograd;
import dev.axiom.tensor.NonFiniteValueException;
import dev.axiom.tensor.Rng;
import dev.axiom.train.GradientStep;
import dev.axiom.train.Objective;
import dev.axiom.train.ShardBuffers;
import dev.axiom.train.StepLosses;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A gradient worker: owns a model replica in its own {@code NDManager} and computes
 * {@code w·∂(L + λΩ)/∂θ} for shards of batches with the core library's {@link GradientStep}.
 * Before each shard it copies the master's current state (parameters and buffers); it replies with
 * a copy of the shard's gradient and the weighted change of its buffers ({@link ShardBuffers}),
 * which the trainer releases once applied. The only worker of a synchronous run computes on the
 * master itself instead (no copies; the trainer waits meanwhile). A worker that throws is
 * restarted by its supervisor with a fresh replica and announces itself again; the trainer then
 * sends it its unfinished shard once more.
 */
public final class GradientWorker extends AbstractBehavior<WorkerProtocol.Command> {

    private final int id;
    private final WorkerSetup setup;
    private final Network replica;
    private final GradientStep gradientStep;
    private final ProvidedReferences references = new ProvidedReferences();
    private boolean released;

    private GradientWorker(
            ActorContext<WorkerProtocol.Command> context, int id, WorkerSetup setup, ActorRef<WorkerProtocol.Reply> supervisor) {
        super(context);
        this.id = id;
        this.setup = setup;
        setup.lock().readLock().lock();
        try {
            this.replica = setup.shareMaster() ? setup.master() : setup.master().replicate();
        } finally {
            setup.lock().readLock().unlock();
        }
        Objective objective = setup.objective();
        this.gradientStep = new GradientStep(replica,
                objective.pooledReferences() > 0 ? objective.withPooledReferences(references) : objective);
        supervisor.tell(new WorkerProtocol.Ready(id, context.getSelf()));
    }

    /**
     * Worker {@code id} of a run; it announces itself ({@link WorkerProtocol.Ready}) to
     * {@code supervisor} whenever it starts, and answers each shard to the shard's {@code replyTo}.
     */
    public static Behavior<WorkerProtocol.Command> create(int id, WorkerSetup setup, ActorRef<WorkerProtocol.Reply> supervisor) {
        return Behaviors.setup(context -> new GradientWorker(context, id, setup, supervisor));
    }

    @Override
    public Receive<WorkerProtocol.Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(WorkerProtocol.Compute.class, this::compute)
                .onSignal(PreRestart.class, s -> release())
                .onSignal(PostStop.class, s -> release())
                .build();
    }

    private Behavior<WorkerProtocol.Command> compute(WorkerProtocol.Compute c) {
        long computation = setup.computations().incrementAndGet(id);
        FaultPlan.Kind fault = setup.faults().at(id, computation);
        if (fault == FaultPlan.Kind.STOP) {
            getContext().getLog().warn("worker {}: injected stop at computation {}", id, computation);
            return Behaviors.stopped();
        }
        List<NDArray> gradients = replica.parameterArrays(); // their .grad holds the result until copied
        Autograd.zeroGradients(gradients);
        if (!setup.shareMaster()) {
            setup.lock().readLock().lock();
            try {
                replica.copyStateFrom(setup.master());
            } finally {
                setup.lock().readLock().unlock();
            }
        }
        try {
            if (fault == FaultPlan.Kind.THROW) {
                throw new IllegalStateException("injected failure of worker " + id + " at computation " + computation);
            }
            SharedImportance importance = new SharedImportance(c.importance(), c.decay());
            references.provide(c.references());
            StepLosses losses;
            Gradients result;
            try (NDScope scope = new NDScope()) {
                List<NDArray> start = setup.shareMaster() ? null : ShardBuffers.snapshot(replica);
                int[] rows = IntStream.range(c.from(), c.to()).toArray();
                Batch batch = c.batch().rows().batch(rows, replica.manager(), replica.dataType());
                losses = gradientStep.accumulate(batch, new Rng(c.seed()), importance, c.weight());
                result = handOver(gradients, start, c.weight());
            }
            c.replyTo().tell(new WorkerProtocol.ShardComputed(
                    id, c.step(), c.shard(), c.parametersVersion(), losses, result, importance.observed()));
        } catch (NonFiniteValueException e) {
            Autograd.zeroGradients(gradients);
            c.replyTo().tell(new WorkerProtocol.ShardNotFinite(id, c.step(), c.shard(), e));
        } catch (RuntimeException e) {
            c.replyTo().tell(new WorkerProtocol.ShardCrashed(id, c.step(), c.shard(), String.valueOf(e.getMessage())));
            throw e;
        }
        return this;
    }

    /**
     * The shard's result for the trainer: where it is (sharing the master), or copies of the
     * gradient and the weighted buffer changes since {@code start}, outliving the caller's scope.
     */
    private Gradients handOver(List<NDArray> parameters, List<NDArray> start, double weight) {
        if (setup.shareMaster()) {
            return new Gradients.InMaster();
        }
        List<NDArray> copies = new ArrayList<>(parameters.size());
        for (NDArray g : Autograd.gradients(parameters)) {
            copies.add(g.duplicate());
        }
        List<NDArray> changes = ShardBuffers.change(replica, start, weight);
        copies.forEach(NDScope::unregister);
        changes.forEach(NDScope::unregister);
        return new Gradients.Local(copies, changes);
    }

    private Behavior<WorkerProtocol.Command> release() {
        if (setup.shareMaster()) {
            return this; // the master is the trainer's
        }
        if (!released) {
            released = true;
            replica.close();
        }
        return this;
    }
}
