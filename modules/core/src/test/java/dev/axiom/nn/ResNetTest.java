package dev.axiom.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ResNet builder's default is the peer's ResNet-8 ({@code ../shared/peers/eg_reference.py},
 * classes {@code BasicBlock} and {@code ResNet8}): the same arrays, named and shaped as that
 * module's {@code state_dict}, so its weights load by name.
 */
class ResNetTest {

    /**
     * {@code ResNet8().state_dict()}, written by hand from the PyTorch code, in registration order
     * ({@code conv}, {@code bn}, {@code blocks.i.{conv1, bn1, conv2, bn2, down.0, down.1}},
     * {@code fc}); without the {@code num_batches_tracked} counters PyTorch keeps beside each
     * batch norm, a step count that is not a weight (Axiom's batch norm uses a fixed momentum and
     * never reads it).
     */
    private static final List<String> STATE_DICT = List.of(
            "conv.weight (16, 1, 3, 3)",
            "bn.weight (16)", "bn.bias (16)", "bn.running_mean (16)", "bn.running_var (16)",
            // BasicBlock(16, 16, 1): no shortcut convolution
            "blocks.0.conv1.weight (16, 16, 3, 3)",
            "blocks.0.bn1.weight (16)", "blocks.0.bn1.bias (16)", "blocks.0.bn1.running_mean (16)", "blocks.0.bn1.running_var (16)",
            "blocks.0.conv2.weight (16, 16, 3, 3)",
            "blocks.0.bn2.weight (16)", "blocks.0.bn2.bias (16)", "blocks.0.bn2.running_mean (16)", "blocks.0.bn2.running_var (16)",
            // BasicBlock(16, 32, 2)
            "blocks.1.conv1.weight (32, 16, 3, 3)",
            "blocks.1.bn1.weight (32)", "blocks.1.bn1.bias (32)", "blocks.1.bn1.running_mean (32)", "blocks.1.bn1.running_var (32)",
            "blocks.1.conv2.weight (32, 32, 3, 3)",
            "blocks.1.bn2.weight (32)", "blocks.1.bn2.bias (32)", "blocks.1.bn2.running_mean (32)", "blocks.1.bn2.running_var (32)",
            "blocks.1.down.0.weight (32, 16, 1, 1)",
            "blocks.1.down.1.weight (32)", "blocks.1.down.1.bias (32)", "blocks.1.down.1.running_mean (32)",
            "blocks.1.down.1.running_var (32)",
            // BasicBlock(32, 64, 2)
            "blocks.2.conv1.weight (64, 32, 3, 3)",
            "blocks.2.bn1.weight (64)", "blocks.2.bn1.bias (64)", "blocks.2.bn1.running_mean (64)", "blocks.2.bn1.running_var (64)",
            "blocks.2.conv2.weight (64, 64, 3, 3)",
            "blocks.2.bn2.weight (64)", "blocks.2.bn2.bias (64)", "blocks.2.bn2.running_mean (64)", "blocks.2.bn2.running_var (64)",
            "blocks.2.down.0.weight (64, 32, 1, 1)",
            "blocks.2.down.1.weight (64)", "blocks.2.down.1.bias (64)", "blocks.2.down.1.running_mean (64)",
            "blocks.2.down.1.running_var (64)",
            "fc.weight (10, 64)", "fc.bias (10)");

    @Test
    void theDefaultIsThePeersResNet8NamedAndShapedAsItsStateDict() {
        Architecture resnet = ResNet.builder().setInputShape(1, 28, 28).setOutputs(10).build();
        try (Network net = Network.create(resnet, 1)) {
            List<String> state = net.state().stream().map(p -> p.name() + " " + p.array().getShape()).toList();
            assertThat(state).containsExactlyElementsOf(STATE_DICT);
            List<String> trainable = net.parameters().stream().map(Parameter::name).toList();
            assertThat(trainable).noneMatch(n -> n.contains("running_"));
            assertThat(trainable).hasSize(STATE_DICT.size() - 2 * 9); // 9 batch norms, 2 buffers each
        }
    }

    /** 77,754 = what {@code sum(p.numel() for p in ResNet8().parameters())} prints, from the shapes. */
    @Test
    void theParameterCountIsPyTorchs77754() {
        long fromShapes = 0;
        for (String entry : STATE_DICT) {
            if (entry.contains("running_")) {
                continue; // buffers, not parameters
            }
            String dims = entry.substring(entry.indexOf('(') + 1, entry.indexOf(')'));
            fromShapes += Arrays.stream(dims.split(",")).mapToLong(d -> Long.parseLong(d.trim())).reduce(1, (a, b) -> a * b);
        }
        assertThat(fromShapes).isEqualTo(77_754L);
        try (Network net = Network.create(ResNet.builder().setInputShape(1, 28, 28).setOutputs(10).build(), 1)) {
            assertThat(net.parameterCount()).isEqualTo(77_754L);
        }
    }

    @Test
    void theGraphIsResNet8s() {
        Architecture resnet = ResNet.builder().setInputShape(1, 28, 28).setOutputs(10).build();
        assertThat(resnet.inputName()).isEqualTo("input");
        assertThat(resnet.outputName()).isEqualTo("fc");
        List<String> adds = new ArrayList<>();
        for (Node node : resnet.nodes()) {
            if (node.spec() instanceof LayerSpec.Add) {
                adds.add(node.name() + " <" + String.join(",", node.inputs()));
            }
            if (node.spec() instanceof LayerSpec.Conv2d c) {
                assertThat(c.bias()).as("%s has no bias (batch norm follows)", node.name()).isFalse();
                assertThat(c.groups()).isEqualTo(1);
            }
        }
        // block 0 adds its input (the stem's ReLU); blocks 1 and 2 add their downsampled shortcut
        assertThat(adds).containsExactly("blocks.0.add <blocks.0.bn2,relu", "blocks.1.add <blocks.1.bn2,blocks.1.down.1",
                "blocks.2.add <blocks.2.bn2,blocks.2.down.1");
        assertThat(resnet.nodes().stream().filter(n -> n.name().equals("blocks.1.down.0")).findFirst().orElseThrow().spec())
                .isEqualTo(new LayerSpec.Conv2d(32, Window2d.square(1, 2, 0), 1, false));
        assertThat(resnet.nodes().stream().filter(n -> n.name().equals("blocks.1.conv1")).findFirst().orElseThrow().spec())
                .isEqualTo(new LayerSpec.Conv2d(32, Window2d.square(3, 2, 1), 1, false));
        try (Network net = Network.create(resnet, 1); NDScope scope = new NDScope()) {
            NDArray x = net.manager().randomNormal(new Shape(2, 1, 28, 28));
            assertThat(net.predict(x).getShape()).isEqualTo(new Shape(2, 10));
            // 28 → 28 (stem, block 0) → 14 (block 1) → 7 (block 2) → global average pool
            assertThat(net.layers().get(indexOf(resnet, "blocks.2.relu2")).outputShape()).isEqualTo(new Shape(64, 7, 7));
            assertThat(net.layers().get(indexOf(resnet, "pool")).outputShape()).isEqualTo(new Shape(64, 1, 1));
        }
    }

    @Test
    void stagesAndWidthAreConfigurable() {
        Architecture small = ResNet.builder().setInputShape(3, 16, 16).setOutputs(4).optStemWidth(8)
                .optStages(List.of(new ResNet.Stage(8, 2, 1), new ResNet.Stage(12, 1, 2))).build();
        List<String> names = small.nodes().stream().map(Node::name).toList();
        assertThat(names).contains("blocks.0.conv1", "blocks.1.conv1", "blocks.2.down.0").doesNotContain("blocks.0.down.0",
                "blocks.1.down.0", "blocks.3.conv1");
        try (Network net = Network.create(small, 1)) {
            assertThat(net.outputShape()).isEqualTo(new Shape(4));
        }
        assertThatThrownBy(() -> ResNet.builder().setOutputs(3).build()).hasMessageContaining("input shape");
        assertThatThrownBy(() -> new ResNet.Stage(0, 1, 1)).hasMessageContaining("positive");
    }

    private static int indexOf(Architecture arch, String name) {
        List<Node> nodes = arch.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no node " + name);
    }
}
