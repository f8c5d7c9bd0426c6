package dev.axiom.onnx;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.axiom.nn.Architecture;
import dev.axiom.nn.Network;
import dev.axiom.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A network read from an ONNX file: its architecture (a graph of Axiom layers, each with its
 * input-gradient rule) and the file's weights, named as in the file.
 *
 * @param architecture the network, its parameters named by their ONNX initializers
 * @param weights the values of every named array, by name
 * @param source the file it came from, for messages
 * @param opset the file's ONNX operator set
 */
public record ImportedModel(Architecture architecture, Map<String, float[]> weights, String source, int opset) {

    /** Copies the weights. */
    public ImportedModel {
        weights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    }

    /**
     * A network of this architecture in a manager of its own, with the file's weights
     * ({@code fromFile}) or initialised afresh from {@code seed} as Axiom initialises every network;
     * constant operands that are not trained always keep the file's values.
     */
    public Network network(DataType dataType, long seed, boolean fromFile) {
        return network(NDManager.newBaseManager(), dataType, seed, fromFile);
    }

    /**
     * {@link #network(DataType, long, boolean)} with the parameters in {@code manager} (on its
     * device), which the network closes when it is closed.
     */
    public Network network(NDManager manager, DataType dataType, long seed, boolean fromFile) {
        Network network = Network.create(architecture, manager, dataType, seed);
        try {
            if (fromFile) {
                network.loadState(weights);
            } else {
                Map<String, float[]> state = new LinkedHashMap<>(network.exportState());
                for (Parameter p : network.state()) {
                    if (p.role() == Parameter.Role.CONSTANT) {
                        state.put(p.name(), weights.get(p.name()));
                    }
                }
                network.loadState(state);
            }
            return network;
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }
}
