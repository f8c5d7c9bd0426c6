package dev.axiom.runtime.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.axiom.data.Batch;
import dev.axiom.data.Dataset;
import dev.axiom.nn.Network;
import dev.axiom.nn.Parameter;
import dev.axiom.runtime.prior.SharedImportance;
import dev.axiom.tensor.Autograd;
import dev.axiom.tensor.NonFiniteValueException;
import dev.axiom.tensor.Rng;
import dev.axiom.tensor.Tensors;
import dev.axiom.train.GradientStep;
import dev.axiom.train.Objective;
import dev.axiom.train.ShardBuffers;
import dev.axiom.train.StepLosses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * A gradient worker on a worker node of a cluster: it has its own copy of the training data and a
 * replica of the model; for each shard it receives the master's state (parameters and buffers) in
 * chunks, computes the shard's weighted gradient and the weighted change of its buffers
 * ({@link ShardBuffers}), and sends both back in chunks. It registers itself with the
 * cluster's receptionist so that the trainer finds it.
 */
public final class RemoteWorker {

    /** Under this key the workers of all nodes register. */
    public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "axiom-gradient-workers");

    private RemoteWorker() {}

    /** Messages to a remote worker. */
    public sealed interface Command extends CborSerializable {}

    /**
     * Part {@code index} of the master's state for shard {@code shard} of step {@code step}: every
     * named array (parameters and buffers) in the order of {@link Compute#names()}.
     */
    public record StateChunk(long step, int shard, int index, float[] values) implements Command {}

    /**
     * Compute the shard, once all {@code chunks} state chunks have arrived; {@code names} names the
     * arrays of the state chunks, in order (the trainer's {@code Network.state()}), so that the
     * worker loads them by name and answers in that order.
     */
    public record Compute(
            long step,
            int shard,
            int[] indices,
            long seed,
            double weight,
            float[] importance,
            double decay,
            int chunks,
            List<String> names,
            ActorRef<Reply> replyTo)
            implements Command {}

    /** Replies. */
    public sealed interface Reply extends CborSerializable {}

    /**
     * Part {@code index} of a shard's result: its gradient (the trained arrays of
     * {@link Compute#names()}, in that order), then its weighted buffer changes (the other arrays,
     * in that order).
     */
    public record GradientChunk(long step, int shard, int index, float[] values) implements Reply {}

    /** The shard is done: its losses, its batch importance (or null), and the number of gradient chunks sent before. */
    public record Done(long step, int shard, StepLosses losses, float[] importance, int chunks) implements Reply {}

    /** The shard failed: non-finite ({@code notFinite}) or an error. */
    public record Failed(long step, int shard, boolean notFinite, String message) implements Reply {}

    /** A worker computing on {@code train} with a replica of {@code model}, sending chunks of {@code chunkSize} values. */
    public static Behavior<Command> create(Network model, Objective objective, Dataset train, int chunkSize) {
        return Behaviors.setup(context -> {
            context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
            GradientStep step = new GradientStep(model, objective);
            List<float[]> received = new ArrayList<>();
            return Behaviors.receive(Command.class)
                    .onMessage(StateChunk.class, c -> {
                        received.add(c.values());
                        return Behaviors.same();
                    })
                    .onMessage(Compute.class, c -> {
                        try {
                            compute(c, model, step, train, new ArrayList<>(received), chunkSize);
                        } finally {
                            received.clear();
                        }
                        return Behaviors.same();
                    })
                    .onSignal(PostStop.class, s -> {
                        model.close();
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    private static void compute(Compute c, Network model, GradientStep gradientStep, Dataset train, List<float[]> chunks, int chunkSize) {
        List<Parameter> named = model.state();
        List<String> names = named.stream().map(Parameter::name).toList();
        if (!names.equals(c.names())) {
            java.util.Set<String> missing = new java.util.TreeSet<>(c.names());
            missing.removeAll(names);
            java.util.Set<String> extra = new java.util.TreeSet<>(names);
            extra.removeAll(c.names());
            c.replyTo().tell(new Failed(c.step(), c.shard(), false, "this worker's network is not the trainer's: "
                    + (missing.isEmpty() && extra.isEmpty() ? "the same arrays in another order"
                            : "it lacks " + missing + " and has " + extra + " besides")
                    + " (both nodes must read the same model settings)"));
            return;
        }
        List<NDArray> params = model.parameterArrays();
        int[] lengths = named.stream().mapToInt(p -> Math.toIntExact(p.array().getShape().size())).toArray();
        if (chunks.size() != c.chunks()) {
            c.replyTo().tell(new Failed(c.step(), c.shard(), false,
                    "received " + chunks.size() + " state chunks of " + c.chunks()));
            return;
        }
        List<float[]> values = Chunks.join(chunks, lengths);
        Map<String, float[]> state = new LinkedHashMap<>();
        for (int i = 0; i < named.size(); i++) {
            state.put(named.get(i).name(), values.get(i));
        }
        model.loadState(state);
        Autograd.zeroGradients(params);
        SharedImportance importance = new SharedImportance(c.importance(), c.decay());
        try (NDScope scope = new NDScope()) {
            List<NDArray> start = ShardBuffers.snapshot(model);
            Batch batch = train.batch(c.indices(), model.manager(), model.dataType());
            StepLosses losses = gradientStep.accumulate(batch, new Rng(c.seed()), importance, c.weight());
            List<float[]> result = new ArrayList<>();
            for (NDArray g : Autograd.gradients(params)) {
                result.add(Tensors.floats(g));
            }
            for (NDArray change : ShardBuffers.change(model, start, c.weight())) {
                result.add(Tensors.floats(change));
            }
            List<float[]> out = Chunks.cut(result, chunkSize);
            for (int i = 0; i < out.size(); i++) {
                c.replyTo().tell(new GradientChunk(c.step(), c.shard(), i, out.get(i)));
            }
            c.replyTo().tell(new Done(c.step(), c.shard(), losses, importance.observed(), out.size()));
        } catch (NonFiniteValueException e) {
            c.replyTo().tell(new Failed(c.step(), c.shard(), true, e.getMessage()));
        } catch (RuntimeException e) {
            c.replyTo().tell(new Failed(c.step(), c.shard(), false, String.valueOf(e.getMessage())));
        } finally {
            Autograd.zeroGradients(params);
        }
    }
}
