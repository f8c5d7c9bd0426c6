package dev.axiom.runtime.worker;

import dev.axiom.runtime.stream.LoadedBatch;
import dev.axiom.tensor.NonFiniteValueException;
import dev.axiom.train.StepLosses;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The protocol between the trainer and its gradient workers, local ({@link GradientWorker}) or
 * standing in for a worker on another node ({@code cluster.RemoteWorkerProxy}): the trainer sends
 * {@link Compute}, a worker answers with {@link Reply}s. It lives here, apart from every actor, so
 * that the workers need not know the trainer and the trainer knows the workers only to spawn them:
 * the trainer turns the replies into its own messages with a message adapter.
 *
 * <p>A worker announces itself with {@link Ready} when it starts (again, after a restart by its
 * supervisor) to the reply address it was created with; every other reply goes to the
 * {@code replyTo} of the {@link Compute} it answers. Every reply names the worker's slot
 * ({@link Reply#worker()}), the trainer's name for it.
 */
public interface WorkerProtocol {

    /** Messages to a worker. */
    sealed interface Command permits Compute {}

    /**
     * Compute shard {@code shard} (rows {@code [from, to)} of {@code batch}) of step {@code step}
     * with the shard's seed, weighted by {@code weight}, with the global importance
     * {@code importance} (null: per batch) at decay {@code decay} and the expected-gradients
     * references {@code references} (null: from the batch itself); {@code parametersVersion} is
     * the number of updates applied when the shard was sent.
     */
    record Compute(
            long step,
            int shard,
            LoadedBatch batch,
            int from,
            int to,
            long seed,
            double weight,
            float[] importance,
            double decay,
            long parametersVersion,
            float[] references,
            ActorRef<Reply> replyTo)
            implements Command {}

    /** What workers tell the trainer. */
    sealed interface Reply permits Ready, ShardComputed, ShardNotFinite, ShardCrashed {
        /** The worker's slot. */
        int worker();
    }

    /** Worker {@code worker} (new, restarted by its supervisor, or a proxy of a remote one) is ready for work at {@code ref}. */
    record Ready(int worker, ActorRef<Command> ref) implements Reply {}

    /** A shard is done, with its weighted gradient and buffer changes and its batch importance (or null). */
    record ShardComputed(
            int worker,
            long step,
            int shard,
            long parametersVersion,
            StepLosses losses,
            Gradients gradients,
            float[] importance)
            implements Reply {}

    /** A shard has a NaN or infinite objective. */
    record ShardNotFinite(int worker, long step, int shard, NonFiniteValueException error) implements Reply {}

    /** A worker threw while computing a shard (a local worker's supervisor restarts it). */
    record ShardCrashed(int worker, long step, int shard, String message) implements Reply {}
}
