package dev.axiom.nn;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Immutable description of a network: a directed acyclic graph of {@link Node}s from one input to
 * one output. Tensors may fan out to several consumers and meet again in joins ({@code add},
 * {@code concat}, {@code mul}). A sequential stack is the special case where every node reads the
 * one before: build it with {@link #Architecture(Shape, List)}, {@link Mlp} or {@link Cnn}; graphs
 * come from {@link ResNet}, from ONNX import, or from nodes directly. Turn an architecture into a
 * trainable model with {@link Network#create}.
 *
 * @param inputShape per-sample input shape, e.g. {@code (784)} or {@code (1, 28, 28)} ({@code ()}: one number per sample)
 * @param inputName the name nodes use for the network's input
 * @param nodes the nodes in topological order (each reads only the input and earlier nodes)
 * @param outputName the node whose tensor is the network's output
 */
public record Architecture(Shape inputShape, String inputName, List<Node> nodes, String outputName) {

    /** The name of a sequential network's input. */
    public static final String INPUT = "input";

    /** Copies the node list and checks that the nodes form a graph from the input to the output. */
    public Architecture {
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("an architecture needs at least one layer");
        }
        if (inputShape.size() <= 0) {
            throw new IllegalArgumentException("input shape must have no empty axis, got " + inputShape);
        }
        checkGraph(inputName, nodes, outputName);
    }

    /** A sequential stack: each layer reads the one before; nodes are named {@code <index>.<kind>}. */
    public Architecture(Shape inputShape, List<LayerSpec> layers) {
        this(inputShape, INPUT, chain(layers), chain(layers).isEmpty() ? "" : lastName(layers));
    }

    private static List<Node> chain(List<LayerSpec> layers) {
        List<Node> nodes = new ArrayList<>(layers.size());
        String previous = INPUT;
        for (int i = 0; i < layers.size(); i++) {
            Node node = new Node(i + "." + Node.kindOf(layers.get(i)), layers.get(i), previous);
            nodes.add(node);
            previous = node.name();
        }
        return nodes;
    }

    private static String lastName(List<LayerSpec> layers) {
        int last = layers.size() - 1;
        return last + "." + Node.kindOf(layers.get(last));
    }

    private static void checkGraph(String inputName, List<Node> nodes, String outputName) {
        Set<String> known = new HashSet<>();
        known.add(inputName);
        Map<String, Integer> uses = new HashMap<>();
        for (Node node : nodes) {
            for (String in : node.inputs()) {
                if (!known.contains(in)) {
                    throw new IllegalArgumentException("node '" + node.name() + "' reads '" + in
                            + "', which is neither the input '" + inputName + "' nor an earlier node");
                }
                uses.merge(in, 1, Integer::sum);
            }
            if (!known.add(node.name())) {
                throw new IllegalArgumentException("two nodes (or a node and the input) are named '" + node.name() + "'");
            }
        }
        if (!known.contains(outputName) || outputName.equals(inputName)) {
            throw new IllegalArgumentException("the output '" + outputName + "' is not a node of the network");
        }
        for (Node node : nodes) {
            if (!node.name().equals(outputName) && !uses.containsKey(node.name())) {
                throw new IllegalArgumentException(
                        "node '" + node.name() + "' is not used by any other node and is not the output '" + outputName + "'");
            }
        }
        if (!uses.containsKey(inputName)) {
            throw new IllegalArgumentException("no node reads the input '" + inputName + "'");
        }
    }

    /** The layers of the nodes, in order (for a sequential stack, first to last). */
    public List<LayerSpec> layers() {
        return nodes.stream().map(Node::spec).toList();
    }

    /** Whether this is a sequential stack as {@link #Architecture(Shape, List)} builds it. */
    public boolean sequential() {
        return equals(new Architecture(inputShape, layers()));
    }

    /**
     * The text form, which checkpoints record: for a sequential stack the input shape then the
     * layers, {@code (784) linear(10)}; for a graph
     * {@code graph (1, 28, 28) x -> fc: conv=conv2d(16,3,1,1) <x; ...; fc=linear(10) <pool}, with a
     * node's non-default parameter names in braces after its layer.
     */
    public String describe() {
        if (sequential()) {
            return inputShape + " " + layers().stream().map(LayerSpec::toString).collect(Collectors.joining(" "));
        }
        StringBuilder text = new StringBuilder("graph ").append(inputShape).append(' ')
                .append(LayerSpecs.quote(inputName)).append(" -> ").append(LayerSpecs.quote(outputName)).append(':');
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            text.append(i == 0 ? " " : "; ").append(LayerSpecs.quote(node.name())).append('=').append(node.spec());
            if (!node.parameterNames().isEmpty()) {
                List<String> names = new ArrayList<>();
                for (Parameter.Role role : Parameter.Role.values()) {
                    if (node.parameterNames().containsKey(role)) {
                        names.add(ParameterFactory.roleName(role) + "=" + LayerSpecs.quote(node.parameterNames().get(role)));
                    }
                }
                text.append('{').append(String.join(",", names)).append('}');
            }
            text.append(" <").append(node.inputs().stream().map(LayerSpecs::quote).collect(Collectors.joining(",")));
        }
        return text.toString();
    }

    /** A short description for logs: the text form of a sequential stack, or a count of a graph's nodes by kind. */
    public String summary() {
        if (sequential()) {
            return describe();
        }
        Map<String, Integer> kinds = new java.util.LinkedHashMap<>();
        for (Node node : nodes) {
            kinds.merge(node.kind(), 1, Integer::sum);
        }
        return "graph " + inputShape + ", " + nodes.size() + " nodes ("
                + kinds.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")) + ")";
    }
}
