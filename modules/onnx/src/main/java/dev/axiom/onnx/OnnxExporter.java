package dev.axiom.onnx;

import static dev.axiom.onnx.GraphBuilder.integer;
import static dev.axiom.onnx.GraphBuilder.ints;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.axiom.nn.Architecture;
import dev.axiom.nn.Network;
import dev.axiom.nn.Node;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a trained {@link Network} as an ONNX model (opset {@value #OPSET}, IR version
 * {@value #IR_VERSION}) in inference form: dropout omitted, batch norm with its running statistics.
 *
 * <p>Inputs and outputs ({@code N} and {@code M} are symbolic):
 *
 * <ul>
 *   <li>{@code x} {@code [N, sample...]} float: the samples, preprocessed like the run's data;
 *   <li>{@code logits} {@code [N, outputs]} float: the network's outputs.
 * </ul>
 *
 * With the attribution head, also:
 *
 * <ul>
 *   <li>{@code references} {@code [M, sample...]} float, {@code M = N·k}: row {@code ℓ·k + j} is
 *       reference {@code j} of sample {@code ℓ} (the layout of {@code x.repeat(0, k)});
 *   <li>{@code alphas} {@code [M]} float: the interpolation coefficient of each reference row;
 *   <li>{@code target} {@code [N]} int64: the output index {@code S} explains for each sample (the
 *       true class, the predicted class, or {@code K} for an {@code output-K} target);
 *   <li>{@code attributions} {@code [N, sample...]} float: expected gradients
 *       {@code (1/k) Σ_j (x − r_j) ⊙ ∂S/∂x (r_j + α_j (x − r_j))}, with {@code ∂S/∂x} computed in the
 *       graph by the per-layer input-gradient rules Axiom trains with.
 * </ul>
 */
public final class OnnxExporter {

    /** The ONNX operator set the models use. */
    public static final int OPSET = 17;
    /** The ONNX IR version of the models. */
    public static final int IR_VERSION = 8;
    /** Input: the samples. */
    public static final String X = "x";
    /** Output: the network's outputs. */
    public static final String LOGITS = "logits";
    /** Head input: {@code k} reference rows per sample. */
    public static final String REFERENCES = "references";
    /** Head input: one interpolation coefficient per reference row. */
    public static final String ALPHAS = "alphas";
    /** Head input: the explained output index per sample. */
    public static final String TARGET = "target";
    /** Head output: the expected-gradients attributions. */
    public static final String ATTRIBUTIONS = "attributions";

    private OnnxExporter() {}

    /** The model for {@code network}, with or without the attribution head. */
    public static ModelProto export(Network network, boolean attributionHead) {
        return export(network, attributionHead, Map.of());
    }

    /**
     * The model for {@code network}, with or without the attribution head, and {@code metadata} as
     * further metadata properties (e.g. {@code axiom.preprocessing}: how the input features are made
     * from a user's table).
     */
    public static ModelProto export(Network network, boolean attributionHead, Map<String, String> metadata) {
        Architecture architecture = network.architecture();
        GraphBuilder graph = new GraphBuilder(attributionHead ? "axiom_with_attribution_head" : "axiom");
        Map<String, float[]> state = network.exportState();
        List<OnnxLayer> layers = new ArrayList<>();
        for (int i = 0; i < network.layers().size(); i++) {
            Node node = architecture.nodes().get(i);
            layers.add(OnnxLayer.of(graph, node.name(), node.spec(), network.layers().get(i), state));
        }
        long[] sample = architecture.inputShape().getShape();
        long outputs = network.outputShape().size();
        graph.input(X, TensorProto.DataType.FLOAT, batched(-1, sample), "N");
        String h = forward(architecture, layers, X).get(layers.size() - 1).output();
        graph.nodeWithOutputs("Identity", List.of(h), List.of(LOGITS));
        graph.output(LOGITS, TensorProto.DataType.FLOAT, new long[] {-1, outputs}, "N");
        if (attributionHead) {
            addAttributionHead(graph, architecture, layers, sample, outputs);
        }
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("axiom")
                .setProducerVersion("0.1.0")
                .setDocString("Axiom network " + architecture.describe())
                .setGraph(graph.build());
        model.addMetadataProps(property("axiom.architecture", architecture.describe()));
        model.addMetadataProps(property("axiom.attribution_head", Boolean.toString(attributionHead)));
        new java.util.TreeMap<>(metadata).forEach((key, value) -> model.addMetadataProps(property(key, value)));
        return model.build();
    }

    /** Writes the model to {@code file}. */
    public static void write(Network network, boolean attributionHead, Path file) throws IOException {
        write(network, attributionHead, Map.of(), file);
    }

    /** Writes the model with further metadata properties to {@code file}. */
    public static void write(Network network, boolean attributionHead, Map<String, String> metadata, Path file)
            throws IOException {
        ModelProto model = export(network, attributionHead, metadata);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            model.writeTo(out);
        }
    }

    /** Adds a forward copy of the network on input value {@code x}: its nodes in topological order. */
    private static List<OnnxLayerPass> forward(Architecture architecture, List<OnnxLayer> layers, String x) {
        Map<String, String> values = new HashMap<>();
        values.put(architecture.inputName(), x);
        List<OnnxLayerPass> passes = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            Node node = architecture.nodes().get(i);
            OnnxLayerPass pass = layers.get(i).forward(node.inputs().stream().map(values::get).toList());
            values.put(node.name(), pass.output());
            passes.add(pass);
        }
        return passes;
    }

    /** The attribution head: every node's rule in reverse order, the gradients of a value read twice added. */
    private static String inputGradient(GraphBuilder graph, Architecture architecture, List<OnnxLayerPass> passes, String g) {
        Map<String, String> gradients = new HashMap<>();
        List<Node> nodes = architecture.nodes();
        gradients.put(nodes.get(nodes.size() - 1).name(), g);
        for (int i = passes.size() - 1; i >= 0; i--) {
            Node node = nodes.get(i);
            List<String> parts = passes.get(i).inputGradients(gradients.remove(node.name()));
            for (int j = 0; j < parts.size(); j++) {
                gradients.merge(node.inputs().get(j), parts.get(j),
                        (a, b) -> graph.node("Add", "fan_out_grad", List.of(a, b)));
            }
        }
        return gradients.get(architecture.inputName());
    }

    private static void addAttributionHead(GraphBuilder graph, Architecture architecture, List<OnnxLayer> layers, long[] sample, long outputs) {
        graph.input(REFERENCES, TensorProto.DataType.FLOAT, batched(-1, sample), "M");
        graph.input(ALPHAS, TensorProto.DataType.FLOAT, new long[] {-1}, "M");
        graph.input(TARGET, TensorProto.DataType.INT64, new long[] {-1}, "N");
        // Row r of the references belongs to sample r / k, k = M / N.
        String samples = graph.node("Shape", "samples", List.of(X), integer("start", 0), integer("end", 1));
        String rows = graph.node("Shape", "rows", List.of(REFERENCES), integer("start", 0), integer("end", 1));
        String axis0 = graph.vector("axis0", 0);
        String k = graph.node("Squeeze", "k", List.of(graph.node("Div", "k", List.of(rows, samples)), axis0));
        String rowCount = graph.node("Squeeze", "row_count", List.of(rows, axis0));
        String range = graph.node("Range", "row", List.of(
                graph.longs(graph.fresh("zero"), new long[0], new long[] {0}), rowCount,
                graph.longs(graph.fresh("one"), new long[0], new long[] {1})));
        String owner = graph.node("Div", "owner", List.of(range, k));
        String repeated = graph.node("Gather", "x_repeated", List.of(X, owner), integer("axis", 0));
        String delta = graph.node("Sub", "delta", List.of(repeated, REFERENCES));
        long[] column = new long[sample.length + 1];
        java.util.Arrays.fill(column, 1);
        column[0] = -1;
        String alphas = graph.node("Reshape", "alpha_column", List.of(ALPHAS, graph.vector("column", column)));
        String points = graph.node("Add", "points", List.of(REFERENCES, graph.node("Mul", "step", List.of(alphas, delta))));
        List<OnnxLayerPass> passes = forward(architecture, layers, points);
        // ∂S/∂output: the one-hot row of each sample's target, repeated for its references.
        String oneHot = graph.node("OneHot", "target_one_hot", List.of(TARGET,
                graph.longs(graph.fresh("depth"), new long[] {1}, new long[] {outputs}),
                graph.floats(graph.fresh("off_on"), new long[] {2}, new float[] {0f, 1f})), integer("axis", -1));
        String g = inputGradient(graph, architecture, passes,
                graph.node("Gather", "output_gradient", List.of(oneHot, owner), integer("axis", 0)));
        String terms = graph.node("Mul", "terms", List.of(delta, g));
        String perSample = graph.node("Concat", "per_sample_shape",
                List.of(samples, graph.vector("references_axis", -1), graph.vector("sample_shape", sample)), integer("axis", 0));
        String grouped = graph.node("Reshape", "grouped", List.of(terms, perSample));
        graph.nodeWithOutputs("ReduceMean", List.of(grouped), List.of(ATTRIBUTIONS), ints("axes", 1), integer("keepdims", 0));
        graph.output(ATTRIBUTIONS, TensorProto.DataType.FLOAT, batched(-1, sample), "N");
    }

    private static long[] batched(long batch, long[] sample) {
        long[] shape = new long[sample.length + 1];
        shape[0] = batch;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        return shape;
    }

    private static StringStringEntryProto property(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}
