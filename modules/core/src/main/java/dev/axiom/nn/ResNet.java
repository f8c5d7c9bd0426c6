package dev.axiom.nn;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Builder of residual networks of basic blocks (He et al. 2016): a stem
 * {@code conv3×3 − BN − ReLU}, stages of blocks
 * {@code conv3×3(stride) − BN − ReLU − conv3×3 − BN, + shortcut, ReLU} (the shortcut is a
 * {@code 1×1 conv(stride) − BN} when the shape changes), global average pooling and a linear
 * output layer. Convolutions have no bias (batch norm follows each).
 *
 * <pre>{@code
 * Architecture net = ResNet.builder().setInputShape(1, 28, 28).setOutputs(10).build(); // ResNet-8
 * }</pre>
 *
 * <p>The default stages are those of the ResNet-8 in {@code ../shared/peers/eg_reference.py}: stem
 * width 16 and one block in each of the stages (16, stride 1), (32, stride 2), (64, stride 2).
 * Parameters are named as in that PyTorch module's {@code state_dict}: {@code conv.weight},
 * {@code bn.weight}, {@code blocks.1.conv1.weight}, {@code blocks.1.down.1.running_mean},
 * {@code fc.bias}, so its weights load by name.
 */
public final class ResNet {

    private ResNet() {}

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * One stage: {@code blocks} basic blocks of {@code channels} channels, the first with
     * {@code stride}.
     *
     * @param channels output channels of the stage's blocks
     * @param blocks number of blocks
     * @param stride stride of the stage's first block
     */
    public record Stage(int channels, int blocks, int stride) {
        /** Validates the stage. */
        public Stage {
            if (channels <= 0 || blocks <= 0 || stride <= 0) {
                throw new IllegalArgumentException(
                        "a ResNet stage needs positive channels, blocks and stride, got " + channels + ", " + blocks + ", " + stride);
            }
        }
    }

    /** Builds ResNet architectures; {@code set*} are required, {@code opt*} optional. */
    public static final class Builder {
        private Shape inputShape;
        private int outputs;
        private int stem = 16;
        private List<Stage> stages = List.of(new Stage(16, 1, 1), new Stage(32, 1, 2), new Stage(64, 1, 2));

        private Builder() {}

        /** Per-sample input shape {@code (channels, height, width)} (required). */
        public Builder setInputShape(long channels, long height, long width) {
            this.inputShape = new Shape(channels, height, width);
            return this;
        }

        /** Number of outputs (required). */
        public Builder setOutputs(int outputs) {
            this.outputs = outputs;
            return this;
        }

        /** Channels of the stem convolution (default 16). */
        public Builder optStemWidth(int channels) {
            this.stem = channels;
            return this;
        }

        /** The stages (default ResNet-8's: (16, 1, 1), (32, 1, 2), (64, 1, 2)). */
        public Builder optStages(List<Stage> stages) {
            this.stages = List.copyOf(stages);
            return this;
        }

        /** Validates and builds. */
        public Architecture build() {
            if (inputShape == null || outputs <= 0 || stem <= 0 || stages.isEmpty()) {
                throw new IllegalArgumentException("a ResNet needs an input shape, positive outputs and stem width, and a stage");
            }
            List<Node> nodes = new ArrayList<>();
            String x = convBn(nodes, "conv", "bn", "input", stem, 3, 1);
            x = add(nodes, "relu", new LayerSpec.Activation(ActivationKind.RELU), x);
            int channels = stem;
            int block = 0;
            for (Stage stage : stages) {
                for (int b = 0; b < stage.blocks(); b++) {
                    int stride = b == 0 ? stage.stride() : 1;
                    x = basicBlock(nodes, "blocks." + block++, x, channels, stage.channels(), stride);
                    channels = stage.channels();
                }
            }
            x = add(nodes, "pool", new LayerSpec.GlobalAvgPool(), x);
            x = add(nodes, "flatten", new LayerSpec.Flatten(), x);
            add(nodes, "fc", new LayerSpec.Linear(outputs, true), x);
            return new Architecture(inputShape, "input", nodes, "fc");
        }

        private static String basicBlock(List<Node> nodes, String name, String x, int in, int out, int stride) {
            String y = convBn(nodes, name + ".conv1", name + ".bn1", x, out, 3, stride);
            y = add(nodes, name + ".relu1", new LayerSpec.Activation(ActivationKind.RELU), y);
            y = convBn(nodes, name + ".conv2", name + ".bn2", y, out, 3, 1);
            String shortcut = stride != 1 || in != out ? convBn(nodes, name + ".down.0", name + ".down.1", x, out, 1, stride) : x;
            String sum = name + ".add";
            nodes.add(new Node(sum, new LayerSpec.Add(), y, shortcut));
            return add(nodes, name + ".relu2", new LayerSpec.Activation(ActivationKind.RELU), sum);
        }

        /**
         * A bias-free convolution {@code conv} and a batch norm {@code bn} after it, whose scale and
         * shift are named {@code bn.weight} and {@code bn.bias} as in PyTorch; returns {@code bn}.
         */
        private static String convBn(List<Node> nodes, String conv, String bn, String x, int filters, int kernel, int stride) {
            nodes.add(new Node(conv, new LayerSpec.Conv2d(filters, Window2d.square(kernel, stride, kernel / 2), 1, false), x));
            nodes.add(new Node(bn, new LayerSpec.BatchNorm(0.1, 1e-5), conv).withParameterNames(
                    java.util.Map.of(Parameter.Role.SCALE, bn + ".weight", Parameter.Role.SHIFT, bn + ".bias")));
            return bn;
        }

        private static String add(List<Node> nodes, String name, LayerSpec spec, String x) {
            nodes.add(new Node(name, spec, x));
            return name;
        }
    }
}
