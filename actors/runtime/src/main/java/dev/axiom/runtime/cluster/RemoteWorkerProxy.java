package dev.axiom.runtime.cluster;

import ai.djl.ndarray.NDArray;
import dev.axiom.nn.Network;
import dev.axiom.nn.Parameter;
import dev.axiom.runtime.worker.Gradients;
import dev.axiom.runtime.worker.WorkerProtocol;
import dev.axiom.runtime.worker.WorkerSetup;
import dev.axiom.tensor.NonFiniteValueException;
import dev.axiom.tensor.Tensors;
import dev.axiom.train.ShardBuffers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Stands in, on the trainer's node, for a gradient worker on another node: it speaks the
 * {@link WorkerProtocol} like a local worker, sends the remote worker the master's state (parameters and
 * buffers, in chunks) with each shard, and hands the trainer the gradient and buffer changes it
 * gets back (in chunks), as a local worker would. It stops when the remote worker's node leaves
 * the cluster, which the trainer sees as a lost worker.
 */
public final class RemoteWorkerProxy {

    private RemoteWorkerProxy() {}

    /**
     * A proxy for worker slot {@code id}, forwarding to {@code remote}; it announces itself
     * ({@link WorkerProtocol.Ready}) to {@code supervisor} and answers each shard to its
     * {@code replyTo}.
     */
    public static Behavior<WorkerProtocol.Command> create(
            int id, ActorRef<RemoteWorker.Command> remote, WorkerSetup setup, ActorRef<WorkerProtocol.Reply> supervisor, int chunkSize) {
        return Behaviors.<Object>setup(context -> {
                    context.watch(remote);
                    ActorRef<RemoteWorker.Reply> replies = context.messageAdapter(RemoteWorker.Reply.class, r -> r);
                    supervisor.tell(new WorkerProtocol.Ready(id, context.getSelf().narrow()));
                    List<float[]> received = new ArrayList<>();
                    long[] version = {0};
                    AtomicReference<ActorRef<WorkerProtocol.Reply>> replyTo = new AtomicReference<>(supervisor); // of the shard in progress
                    return Behaviors.receive(Object.class)
                            .onMessage(WorkerProtocol.Compute.class, c -> {
                                replyTo.set(c.replyTo());
                                List<float[]> state = new ArrayList<>();
                                List<String> names = new ArrayList<>();
                                setup.lock().readLock().lock();
                                try {
                                    for (Parameter p : setup.master().state()) {
                                        state.add(Tensors.floats(p.array()));
                                        names.add(p.name());
                                    }
                                } finally {
                                    setup.lock().readLock().unlock();
                                }
                                List<float[]> chunks = Chunks.cut(state, chunkSize);
                                for (int i = 0; i < chunks.size(); i++) {
                                    remote.tell(new RemoteWorker.StateChunk(c.step(), c.shard(), i, chunks.get(i)));
                                }
                                int[] indices = Arrays.copyOfRange(c.batch().indices(), c.from(), c.to());
                                version[0] = c.parametersVersion();
                                received.clear();
                                remote.tell(new RemoteWorker.Compute(c.step(), c.shard(), indices, c.seed(), c.weight(),
                                        c.importance(), c.decay(), chunks.size(), names, replies));
                                return Behaviors.same();
                            })
                            .onMessage(RemoteWorker.GradientChunk.class, g -> {
                                received.add(g.values());
                                return Behaviors.same();
                            })
                            .onMessage(RemoteWorker.Done.class, d -> {
                                if (received.size() != d.chunks()) {
                                    replyTo.get().tell(new WorkerProtocol.ShardCrashed(id, d.step(), d.shard(),
                                            "received " + received.size() + " gradient chunks of " + d.chunks()));
                                    return Behaviors.same();
                                }
                                Gradients gradients = values(setup.master(), received);
                                received.clear();
                                replyTo.get().tell(new WorkerProtocol.ShardComputed(id, d.step(), d.shard(), version[0], d.losses(), gradients, d.importance()));
                                return Behaviors.same();
                            })
                            .onMessage(RemoteWorker.Failed.class, f -> {
                                if (f.notFinite()) {
                                    replyTo.get().tell(new WorkerProtocol.ShardNotFinite(id, f.step(), f.shard(), new NonFiniteValueException(f.message())));
                                } else {
                                    replyTo.get().tell(new WorkerProtocol.ShardCrashed(id, f.step(), f.shard(), f.message()));
                                }
                                return Behaviors.same();
                            })
                            .onSignal(Terminated.class, t -> {
                                context.getLog().warn("remote worker {} ({}) is gone", id, remote.path().address());
                                return Behaviors.stopped();
                            })
                            .build();
                })
                .narrow();
    }

    /** A remote shard's result from its joined chunks: the gradient, then the buffer changes. */
    private static Gradients values(Network master, List<float[]> chunks) {
        List<NDArray> params = master.parameterArrays();
        List<NDArray> buffers = ShardBuffers.of(master);
        List<NDArray> all = new ArrayList<>(params);
        all.addAll(buffers);
        int[] lengths = all.stream().mapToInt(p -> Math.toIntExact(p.getShape().size())).toArray();
        List<long[]> shapes = all.stream().map(p -> p.getShape().getShape()).toList();
        List<float[]> values = Chunks.join(chunks, lengths);
        int n = params.size();
        return new Gradients.Values(values.subList(0, n), shapes.subList(0, n),
                values.subList(n, values.size()), shapes.subList(n, shapes.size()));
    }
}
