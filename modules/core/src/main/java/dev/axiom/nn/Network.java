package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.tensor.Autograd;
import dev.axiom.tensor.Checks;
import dev.axiom.tensor.Rng;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network with its parameters: an {@link Architecture} (a graph of nodes, a sequential stack
 * being the simplest) made concrete. A forward pass runs the nodes in topological order; the
 * attribution head of its {@link NetworkPass} runs their input-gradient rules in reverse.
 *
 * <p>The network owns an {@link NDManager} holding its parameters and buffers, and nothing else:
 * every array a forward pass creates is left to the caller's {@code NDScope}. Close the network to
 * free its parameters. Not thread-safe: give each thread (each gradient worker) its own replica
 * ({@link #replicate}).
 */
public final class Network implements AutoCloseable {

    /** The index of every element: assigning through it copies values in place (a plain {@code copy_}). */
    private static final NDIndex WHOLE = new NDIndex("...");

    private final Architecture architecture;
    private final NDManager manager;
    private final DataType dataType;
    private final List<Layer> layers;
    private final List<Parameter> all;
    private final List<Parameter> trainable;
    /** For each node, where its inputs come from: 0 is the network's input, {@code k + 1} is node {@code k}. */
    private final int[][] inputs;

    private Network(Architecture architecture, NDManager manager, DataType dataType, long seed) {
        this.architecture = architecture;
        this.manager = manager;
        this.dataType = dataType;
        Rng rng = new Rng(seed);
        List<Node> nodes = architecture.nodes();
        Map<String, Integer> index = new HashMap<>();
        index.put(architecture.inputName(), 0);
        List<Shape> shapes = new ArrayList<>();
        shapes.add(architecture.inputShape());
        boolean sequential = architecture.sequential();
        List<Layer> built = new ArrayList<>();
        this.inputs = new int[nodes.size()][];
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            inputs[i] = node.inputs().stream().mapToInt(index::get).toArray();
            List<Shape> in = java.util.Arrays.stream(inputs[i]).mapToObj(shapes::get).toList();
            String where = sequential ? "layer " + i : "node '" + node.name() + "'";
            Layer layer = node.spec().build(in, new ParameterFactory(manager, dataType, rng, i, node, where));
            built.add(layer);
            shapes.add(layer.outputShape());
            index.put(node.name(), i + 1);
        }
        this.layers = List.copyOf(built);
        List<Parameter> params = new ArrayList<>();
        Map<String, String> owners = new HashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            for (Parameter p : layers.get(i).parameters()) {
                String other = owners.putIfAbsent(p.name(), nodes.get(i).name());
                if (other != null) {
                    throw new IllegalArgumentException("the array '" + p.name() + "' belongs to node '" + other
                            + "' and to node '" + nodes.get(i).name() + "': shared parameters are not supported");
                }
                params.add(p);
            }
        }
        this.all = List.copyOf(params);
        this.trainable = all.stream().filter(p -> p.role().trainable()).toList();
    }

    /** A float32 network initialised from {@code seed}, in a new manager of its own. */
    public static Network create(Architecture architecture, long seed) {
        return create(architecture, NDManager.newBaseManager(), DataType.FLOAT32, seed);
    }

    /**
     * A network whose parameters live in {@code manager} (which it closes when closed) with the
     * given data type (float32 for training, float64 for numerical checks).
     */
    public static Network create(
            Architecture architecture, NDManager manager, DataType dataType, long seed) {
        return new Network(architecture, manager, dataType, seed);
    }

    /** A replica with the same architecture and a copy of this network's current state, on the same device. */
    public Network replicate() {
        Network copy = create(architecture, NDManager.newBaseManager(manager.getDevice()), dataType, 0);
        copy.copyStateFrom(this);
        return copy;
    }

    /** Overwrites every named array with {@code other}'s values, exactly (same architecture). */
    public void copyStateFrom(Network other) {
        if (!other.architecture.equals(architecture) || other.dataType != dataType) {
            throw new IllegalArgumentException(
                    "cannot copy the state of a " + other.dataType + " network " + other.architecture.describe()
                            + " into a " + dataType + " network " + architecture.describe());
        }
        Autograd.notRecording(
                () -> {
                    for (int i = 0; i < all.size(); i++) {
                        NDArray target = all.get(i).array();
                        target.set(WHOLE, other.all.get(i).array());
                    }
                });
    }

    /** The architecture this network realises. */
    public Architecture architecture() {
        return architecture;
    }

    /** The nodes' layers, in the architecture's (topological) order. */
    public List<Layer> layers() {
        return layers;
    }

    /** The data type of inputs and parameters. */
    public DataType dataType() {
        return dataType;
    }

    /** The manager holding the parameters; create long-lived inputs here. */
    public NDManager manager() {
        return manager;
    }

    /** Per-sample output shape. */
    public Shape outputShape() {
        return layers.get(layers.size() - 1).outputShape();
    }

    /** The most values any node (or the input) holds per sample: the widest activation of a pass. */
    public long widestActivation() {
        long widest = architecture.inputShape().size();
        for (Layer layer : layers) {
            widest = Math.max(widest, layer.outputShape().size());
        }
        return widest;
    }

    /** The trainable parameters, in a fixed order. */
    public List<Parameter> parameters() {
        return trainable;
    }

    /** The trainable arrays, in the order of {@link #parameters()}. */
    public List<NDArray> parameterArrays() {
        return trainable.stream().map(Parameter::array).toList();
    }

    /** Every named array: parameters and buffers. */
    public List<Parameter> state() {
        return all;
    }

    /** The named array {@code name} (parameter or buffer), or empty. */
    public java.util.Optional<Parameter> array(String name) {
        return all.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Number of trainable scalars. */
    public long parameterCount() {
        return trainable.stream().mapToLong(p -> p.array().getShape().size()).sum();
    }

    /**
     * Runs the network on a batch {@code x} of shape {@code (N, inputShape...)}.
     *
     * @throws IllegalArgumentException naming the expected shape if {@code x} does not fit
     */
    public NetworkPass forward(NDArray x, ForwardMode mode) {
        Checks.requireSampleShape("network input", x, architecture.inputShape());
        if (x.getDataType() != dataType) {
            throw new IllegalArgumentException(
                    "network input has data type " + x.getDataType() + ", expected " + dataType);
        }
        NDArray[] values = new NDArray[layers.size() + 1];
        values[0] = x;
        List<LayerPass> passes = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            int[] from = inputs[i];
            LayerPass pass = from.length == 1
                    ? layers.get(i).forward(values[from[0]], mode)
                    : layers.get(i).forward(java.util.Arrays.stream(from).mapToObj(k -> values[k]).toList(), mode);
            passes.add(pass);
            values[i + 1] = pass.output();
        }
        return new NetworkPass(x, passes, inputs);
    }

    /** The outputs for {@code x} in inference mode, without recording gradients. */
    public NDArray predict(NDArray x) {
        return Autograd.notRecording(() -> forward(x, ForwardMode.inference()).output());
    }

    /** A copy of every named array's values by name, as float32 (float64 values are rounded). */
    public Map<String, float[]> exportState() {
        Map<String, float[]> state = new LinkedHashMap<>();
        for (Parameter p : all) {
            NDArray a = p.array();
            try (NDArray f = a.toType(DataType.FLOAT32, true)) {
                state.put(p.name(), f.toFloatArray());
            }
        }
        return Collections.unmodifiableMap(state);
    }

    /**
     * Overwrites every named array with the values in {@code state}.
     *
     * @throws IllegalArgumentException naming the array if one is missing or has the wrong size
     */
    public void loadState(Map<String, float[]> state) {
        for (Parameter p : all) {
            float[] values = state.get(p.name());
            long size = p.array().getShape().size();
            if (values == null) {
                throw new IllegalArgumentException(
                        "state has no array '" + p.name() + "'; it has " + state.keySet());
            }
            if (values.length != size) {
                throw new IllegalArgumentException(
                        "state array '"
                                + p.name()
                                + "' has "
                                + values.length
                                + " values, expected "
                                + size
                                + " for shape "
                                + p.array().getShape());
            }
        }
        Autograd.notRecording(
                () -> {
                    for (Parameter p : all) {
                        NDArray a = p.array();
                        try (NDArray v = manager.create(state.get(p.name()), a.getShape());
                                NDArray typed = v.toType(dataType, true)) {
                            a.set(WHOLE, typed);
                        }
                    }
                });
    }

    @Override
    public void close() {
        manager.close();
    }
}
