package dev.axiom.runtime.worker;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.tensor.Tensors;
import java.util.ArrayList;
import java.util.List;

/**
 * What a shard hands from a worker to the trainer: its weighted gradient, one array per parameter
 * in the network's order, and the weighted change of its buffers {@code w·(b_s − b_start)}, one
 * array per buffer (see {@code train.ShardBuffers}); copies in the worker's memory (a local worker)
 * or plain values (a worker on another node). The trainer reads it once and releases it.
 */
public sealed interface Gradients {

    /** The gradient as arrays; arrays it creates belong to {@code manager}. */
    List<NDArray> arrays(NDManager manager);

    /** The weighted buffer changes as arrays; arrays it creates belong to {@code manager}. */
    List<NDArray> bufferChanges(NDManager manager);

    /** Frees what the gradient holds. */
    void release();

    /** The gradient is already accumulated, and the buffers moved, in the master network (a worker sharing the master). */
    record InMaster() implements Gradients {
        @Override
        public List<NDArray> arrays(NDManager manager) {
            throw new IllegalStateException("the gradient is in the master network's parameters");
        }

        @Override
        public List<NDArray> bufferChanges(NDManager manager) {
            throw new IllegalStateException("the buffers moved in the master network itself");
        }

        @Override
        public void release() {}
    }

    /** Copies of a local worker's gradient and buffer changes (owned by the worker's manager until released). */
    record Local(List<NDArray> copies, List<NDArray> changes) implements Gradients {
        @Override
        public List<NDArray> arrays(NDManager manager) {
            return copies;
        }

        @Override
        public List<NDArray> bufferChanges(NDManager manager) {
            return changes;
        }

        @Override
        public void release() {
            copies.forEach(NDArray::close);
            changes.forEach(NDArray::close);
        }
    }

    /** Values received from another node: the gradient's and the buffer changes', with their shapes. */
    record Values(List<float[]> values, List<long[]> shapes, List<float[]> changes, List<long[]> changeShapes)
            implements Gradients {
        @Override
        public List<NDArray> arrays(NDManager manager) {
            return create(manager, values, shapes);
        }

        @Override
        public List<NDArray> bufferChanges(NDManager manager) {
            return create(manager, changes, changeShapes);
        }

        @Override
        public void release() {}

        private static List<NDArray> create(NDManager manager, List<float[]> values, List<long[]> shapes) {
            List<NDArray> out = new ArrayList<>(values.size());
            for (int i = 0; i < values.size(); i++) {
                out.add(Tensors.owned(manager.create(values.get(i), new Shape(shapes.get(i)))).toType(DataType.FLOAT32, false));
            }
            return out;
        }
    }
}
