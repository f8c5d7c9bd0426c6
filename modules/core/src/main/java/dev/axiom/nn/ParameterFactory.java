package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.tensor.Rng;
import dev.axiom.tensor.Tensors;
import java.util.Locale;

/**
 * Creates one node's parameters in the network's manager, initialised as PyTorch does by default
 * ({@code kaiming_uniform_(a=√5)} for weights, which is {@code U(−1/√fan_in, 1/√fan_in)}, and the
 * same bound for biases), drawn from the network's seeded generator, and named after the node
 * ({@link Node#parameterName}).
 */
public final class ParameterFactory {

    private final NDManager manager;
    private final DataType dataType;
    private final Rng rng;
    private final int index;
    private final Node node;
    private final String where;

    ParameterFactory(NDManager manager, DataType dataType, Rng rng, int index, Node node, String where) {
        this.manager = manager;
        this.dataType = dataType;
        this.rng = rng;
        this.index = index;
        this.node = node;
        this.where = where;
    }

    /** Position of the node being built, in the network's order. */
    public int index() {
        return index;
    }

    /** How errors name the node being built: {@code layer 3} in a sequence, {@code node 'stem.conv'} in a graph. */
    public String where() {
        return where;
    }

    /** The data type of the network's arrays. */
    public DataType dataType() {
        return dataType;
    }

    /** A trainable array, uniform in {@code [−bound, bound)}. */
    Parameter uniform(Parameter.Role role, Shape shape, double bound) {
        float[] values = rng.uniform(Math.toIntExact(shape.size()), -bound, bound);
        return trainable(role, Tensors.owned(manager.create(values, shape)));
    }

    /** A trainable array filled with {@code value}. */
    Parameter constant(Parameter.Role role, Shape shape, float value) {
        return trainable(role, manager.full(shape, value, DataType.FLOAT32));
    }

    /** A non-trainable buffer filled with {@code value}. */
    Parameter buffer(Parameter.Role role, Shape shape, float value) {
        NDArray array = converted(manager.full(shape, value, DataType.FLOAT32));
        NDScope.unregister(array);
        return new Parameter(node.parameterName(role), role, index, array);
    }

    private Parameter trainable(Parameter.Role role, NDArray values) {
        NDArray array = converted(values);
        NDScope.unregister(array);
        array.setRequiresGradient(true);
        return new Parameter(node.parameterName(role), role, index, array);
    }

    private NDArray converted(NDArray float32) {
        if (dataType == DataType.FLOAT32) {
            return float32;
        }
        NDArray array = float32.toType(dataType, true);
        float32.close();
        return array;
    }

    /** The default name of a role's array: its lower-case role name. */
    static String roleName(Parameter.Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }
}
