package dev.axiom.onnx;

import java.util.List;
import java.util.function.Function;

/**
 * One layer's forward function in an ONNX graph, with its input-gradient rule: the graph-side
 * counterpart of {@code dev.axiom.nn.LayerPass}. Values are named graph values.
 */
interface OnnxLayerPass {

    /** The layer's output value. */
    String output();

    /** Adds the nodes of {@code ∂S/∂input} for every input given {@code ∂S/∂output} ({@code g}); returns their names. */
    List<String> inputGradients(String g);

    /** A pass with output {@code output} and rule {@code rule}. */
    static OnnxLayerPass of(String output, Function<String, List<String>> rule) {
        return new OnnxLayerPass() {
            @Override
            public String output() {
                return output;
            }

            @Override
            public List<String> inputGradients(String g) {
                return rule.apply(g);
            }
        };
    }
}
