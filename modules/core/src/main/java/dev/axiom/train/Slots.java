package dev.axiom.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.axiom.nn.Parameter;
import dev.axiom.tensor.Tensors;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-parameter optimiser slots (moments, momentum buffers) in a manager of their own, keyed
 * {@code <parameter name>/<slot>}. Restored values are materialised when a slot is first used, in
 * its parameter's shape, type and device (the manager is made on the device of the first
 * parameter).
 */
final class Slots implements AutoCloseable {

    private NDManager manager;
    private final Map<String, NDArray> slots = new LinkedHashMap<>();
    private Map<String, float[]> pending = new LinkedHashMap<>();

    /** The slot {@code name} of {@code parameter}: restored values, or zeros on first use. */
    NDArray get(Parameter parameter, String name) {
        return slots.computeIfAbsent(
                parameter.name() + "/" + name,
                key -> {
                    NDArray slot = create(parameter.array(), pending.remove(key), key);
                    NDScope.unregister(slot);
                    return slot;
                });
    }

    private NDArray create(NDArray a, float[] saved, String key) {
        if (manager == null) {
            manager = NDManager.newBaseManager(a.getDevice());
        }
        if (saved == null) {
            return manager.zeros(a.getShape(), a.getDataType());
        }
        if (saved.length != a.getShape().size()) {
            throw new IllegalArgumentException(
                    "optimiser slot '" + key + "' has " + saved.length
                            + " values but its parameter has shape " + a.getShape());
        }
        NDArray restored = Tensors.owned(manager.create(saved, a.getShape()));
        return a.getDataType() == DataType.FLOAT32 ? restored : restored.toType(a.getDataType(), false);
    }

    /** Copies of every slot (including restored ones not used yet), by key. */
    Map<String, float[]> export() {
        Map<String, float[]> out = new LinkedHashMap<>(pending);
        for (Map.Entry<String, NDArray> e : slots.entrySet()) {
            try (NDArray f = e.getValue().toType(DataType.FLOAT32, true)) {
                out.put(e.getKey(), f.toFloatArray());
            }
        }
        return out;
    }

    /** Replaces every slot with {@code values}. */
    void restore(Map<String, float[]> values) {
        slots.values().forEach(NDArray::close);
        slots.clear();
        pending = new LinkedHashMap<>(values);
    }

    @Override
    public void close() {
        if (manager != null) {
            manager.close();
        }
    }
}
