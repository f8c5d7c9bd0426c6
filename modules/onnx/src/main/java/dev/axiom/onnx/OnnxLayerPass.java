package dev.axiom.onnx;

/**
 * One layer's forward function in an ONNX graph, with its input-gradient rule: the graph-side
 * counterpart of {@code dev.axiom.nn.LayerPass}. Values are named graph values.
 */
interface OnnxLayerPass {

    /** The layer's output value. */
    String output();

    /** Adds the nodes of {@code ∂S/∂input} given {@code ∂S/∂output} ({@code g}); returns its name. */
    String inputGradient(String g);
}
