package dev.axiom.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.axiom.nn.Network;
import dev.axiom.nn.Parameter;
import dev.axiom.tensor.Autograd;
import dev.axiom.tensor.Tensors;
import java.util.ArrayList;
import java.util.List;

/**
 * How the buffers of a step cut into shards are combined. Buffers are a network's non-trainable
 * named arrays (batch norm's running mean and variance), which forward passes move. Every shard
 * starts from the buffers {@code b0} the network had before the step, its forward passes move them
 * to {@code b_s}, and the step ends with {@code b0 + Σ_s w_s (b_s − b0)}, summed in shard order,
 * {@code w_s} the shard's share of the batch. For batch norm's moving average this is the update
 * with the shard-weighted mean of the shards' batch statistics.
 *
 * <p>The same arithmetic serves the plain loop ({@link TrainingLoop} with several shards) and the
 * runtime's workers, whose replicas compute {@link #change} and whose trainer adds {@link #sum} to
 * the master, so that both give the same buffers bit for bit. Arrays these methods return belong
 * to the caller's {@code NDScope}.
 */
public final class ShardBuffers {

    /** The index of every element: assigning through it copies values in place. */
    private static final NDIndex WHOLE = new NDIndex("...");

    private ShardBuffers() {}

    /** The network's buffers (its non-trainable named arrays), in the order of {@link Network#state()}. */
    public static List<NDArray> of(Network network) {
        List<NDArray> buffers = new ArrayList<>();
        for (Parameter p : network.state()) {
            if (!p.role().trainable()) {
                buffers.add(p.array());
            }
        }
        return buffers;
    }

    /** Copies of the network's buffers: a shard's starting point {@code b0}. */
    public static List<NDArray> snapshot(Network network) {
        return of(network).stream().map(NDArray::duplicate).toList();
    }

    /** {@code weight · (b − start)} for each of the network's buffers {@code b}. */
    public static List<NDArray> change(Network network, List<NDArray> start, double weight) {
        List<NDArray> buffers = of(network);
        List<NDArray> changes = new ArrayList<>(buffers.size());
        Autograd.notRecording(() -> {
            for (int i = 0; i < buffers.size(); i++) {
                changes.add(Tensors.times(buffers.get(i).sub(start.get(i)), weight));
            }
        });
        return changes;
    }

    /** The shards' changes summed in shard order: {@code ((c_0 + c_1) + c_2) + …}. */
    public static List<NDArray> sum(List<List<NDArray>> changes) {
        List<NDArray> sum = new ArrayList<>(changes.get(0));
        Autograd.notRecording(() -> {
            for (List<NDArray> shard : changes.subList(1, changes.size())) {
                for (int i = 0; i < sum.size(); i++) {
                    sum.set(i, sum.get(i).add(shard.get(i)));
                }
            }
        });
        return sum;
    }

    /** Adds {@code sum} to the network's buffers, in place. */
    public static void add(Network network, List<NDArray> sum) {
        List<NDArray> buffers = of(network);
        Autograd.notRecording(() -> {
            for (int i = 0; i < buffers.size(); i++) {
                buffers.get(i).addi(sum.get(i));
            }
        });
    }

    /** Overwrites the network's buffers with {@code values}, in place. */
    public static void reset(Network network, List<NDArray> values) {
        List<NDArray> buffers = of(network);
        Autograd.notRecording(() -> {
            for (int i = 0; i < buffers.size(); i++) {
                buffers.get(i).set(WHOLE, values.get(i));
            }
        });
    }
}
