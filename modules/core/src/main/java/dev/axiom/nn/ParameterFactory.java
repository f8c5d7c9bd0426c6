package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.tensor.Rng;
import dev.axiom.tensor.Tensors;

/**
 * Creates one layer's parameters in the network's manager, initialised as PyTorch does by default
 * ({@code kaiming_uniform_(a=√5)} for weights, which is {@code U(−1/√fan_in, 1/√fan_in)}, and the
 * same bound for biases), drawn from the network's seeded generator.
 */
public final class ParameterFactory {

    private final NDManager manager;
    private final DataType dataType;
    private final Rng rng;
    private final int index;

    ParameterFactory(NDManager manager, DataType dataType, Rng rng, int index) {
        this.manager = manager;
        this.dataType = dataType;
        this.rng = rng;
        this.index = index;
    }

    /** Position of the layer being built. */
    public int index() {
        return index;
    }

    /** The data type of the network's arrays. */
    public DataType dataType() {
        return dataType;
    }

    /** A trainable array, uniform in {@code [−bound, bound)}. */
    Parameter uniform(String kind, Parameter.Role role, Shape shape, double bound) {
        float[] values = rng.uniform(Math.toIntExact(shape.size()), -bound, bound);
        return trainable(kind, role, Tensors.owned(manager.create(values, shape)));
    }

    /** A trainable array filled with {@code value}. */
    Parameter constant(String kind, Parameter.Role role, Shape shape, float value) {
        return trainable(kind, role, manager.full(shape, value, DataType.FLOAT32));
    }

    /** A non-trainable buffer filled with {@code value}. */
    Parameter buffer(String kind, Parameter.Role role, Shape shape, float value) {
        NDArray array = converted(manager.full(shape, value, DataType.FLOAT32));
        NDScope.unregister(array);
        return new Parameter(name(kind, role), role, index, array);
    }

    private Parameter trainable(String kind, Parameter.Role role, NDArray values) {
        NDArray array = converted(values);
        NDScope.unregister(array);
        array.setRequiresGradient(true);
        return new Parameter(name(kind, role), role, index, array);
    }

    private NDArray converted(NDArray float32) {
        if (dataType == DataType.FLOAT32) {
            return float32;
        }
        NDArray array = float32.toType(dataType, true);
        float32.close();
        return array;
    }

    private String name(String kind, Parameter.Role role) {
        return index + "." + kind + "." + role.name().toLowerCase(java.util.Locale.ROOT);
    }
}
