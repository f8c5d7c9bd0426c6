package dev.axiom.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import dev.axiom.nn.Network;
import dev.axiom.nn.Parameter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PyTorch's exporter merges initializers with equal values (a fresh batch norm's bias and running
 * mean are both zeros, found by importing an untrained network exported in eval mode): each use
 * becomes an array of its own, the second named {@code <name>#2}.
 */
class SharedInitializerTest {

    @Test
    void anInitializerUsedTwiceBecomesTwoArraysWithItsValues() {
        ModelProto fixture = OnnxImporter.parse(ImportedFixturesTest.IMPORTED.resolve("tabular/model-train.onnx"));
        ModelProto.Builder model = fixture.toBuilder();
        GraphProto.Builder graph = model.getGraphBuilder();
        String bias = null;
        for (int i = 0; i < graph.getNodeCount(); i++) {
            NodeProto node = graph.getNode(i);
            if (node.getOpType().equals("BatchNormalization")) {
                bias = node.getInput(2);
                graph.setNode(i, node.toBuilder().setInput(3, bias)); // the running mean reads the bias
            }
        }
        ImportedModel imported = OnnxImporter.translate(model.build(), "merged.onnx", Map.of(), null);
        try (Network net = imported.network(DataType.FLOAT32, 0, true)) {
            Parameter shift = net.array(bias).orElseThrow();
            Parameter mean = net.array(bias + "#2").orElseThrow();
            assertThat(shift.role()).isEqualTo(Parameter.Role.SHIFT);
            assertThat(mean.role()).isEqualTo(Parameter.Role.RUNNING_MEAN);
            assertThat(mean.array().toFloatArray()).containsExactly(shift.array().toFloatArray());
        }
    }
}
