package dev.axiom.nn;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One node of a network graph: a layer, the names of the tensors it reads (the network's input or
 * earlier nodes) and, optionally, the names of its parameters.
 *
 * @param name unique name of the node and of the tensor it computes
 * @param spec the layer
 * @param inputs the tensors it reads, in the layer's order
 * @param parameterNames names of its arrays by role, for those not named {@code <name>.<role>}
 *     (an imported network keeps its ONNX initializer names this way)
 */
public record Node(String name, LayerSpec spec, List<String> inputs, Map<Parameter.Role, String> parameterNames) {

    /** Copies the lists and validates the names. */
    public Node {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a node needs a name");
        }
        inputs = List.copyOf(inputs);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("node '" + name + "' has no inputs");
        }
        parameterNames = parameterNames.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(parameterNames));
    }

    /** A node whose parameters are named {@code <name>.<role>}. */
    public Node(String name, LayerSpec spec, String... inputs) {
        this(name, spec, List.of(inputs), Map.of());
    }

    /** The name of this node's array with role {@code role}. */
    public String parameterName(Parameter.Role role) {
        String given = parameterNames.get(role);
        return given != null ? given : name + "." + ParameterFactory.roleName(role);
    }

    /** This node with its arrays named as {@code names} says. */
    public Node withParameterNames(Map<Parameter.Role, String> names) {
        return new Node(name, spec, inputs, names);
    }

    /** The layer kind, as in the text form of the spec ({@code conv2d}, {@code relu}, {@code add}, ...). */
    public String kind() {
        return kindOf(spec);
    }

    static String kindOf(LayerSpec spec) {
        String text = spec.toString();
        int paren = text.indexOf('(');
        return paren < 0 ? text : text.substring(0, paren);
    }
}
