package dev.axiom.runtime.worker;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.tensor.Tensors;
import java.util.ArrayList;
import java.util.List;

/**
 * A shard's weighted gradient, one array per parameter in the network's order, handed from a
 * worker to the trainer: copies in the worker's memory (a local worker) or plain values (a worker
 * on another node). The trainer reads it once and releases it.
 */
public sealed interface Gradients {

    /** The gradient as arrays; arrays it creates belong to {@code manager}. */
    List<NDArray> arrays(NDManager manager);

    /** Frees what the gradient holds. */
    void release();

    /** The gradient is already accumulated in the master network's parameters (a worker sharing the master). */
    record InMaster() implements Gradients {
        @Override
        public List<NDArray> arrays(NDManager manager) {
            throw new IllegalStateException("the gradient is in the master network's parameters");
        }

        @Override
        public void release() {}
    }

    /** Copies of a local worker's gradient arrays (owned by the worker's manager until released). */
    record Local(List<NDArray> copies) implements Gradients {
        @Override
        public List<NDArray> arrays(NDManager manager) {
            return copies;
        }

        @Override
        public void release() {
            copies.forEach(NDArray::close);
        }
    }

    /** Values received from another node, with their shapes. */
    record Values(List<float[]> values, List<long[]> shapes) implements Gradients {
        @Override
        public List<NDArray> arrays(NDManager manager) {
            List<NDArray> out = new ArrayList<>(values.size());
            for (int i = 0; i < values.size(); i++) {
                out.add(Tensors.owned(manager.create(values.get(i), new Shape(shapes.get(i)))).toType(DataType.FLOAT32, false));
            }
            return out;
        }

        @Override
        public void release() {}
    }
}
