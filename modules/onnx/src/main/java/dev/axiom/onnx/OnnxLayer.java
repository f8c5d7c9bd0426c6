package dev.axiom.onnx;

import static dev.axiom.onnx.GraphBuilder.integer;
import static dev.axiom.onnx.GraphBuilder.ints;
import static dev.axiom.onnx.GraphBuilder.real;

import ai.djl.ndarray.types.Shape;
import dev.axiom.nn.ActivationKind;
import dev.axiom.nn.Layer;
import dev.axiom.nn.LayerSpec;
import dev.axiom.nn.Parameter;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One layer of a network written as ONNX nodes: its parameters as initializers (shared by every
 * forward copy), its forward function, and the same input-gradient rule as the Axiom layer
 * (ARCHITECTURE.md, "The attribution head") in ONNX operators.
 */
final class OnnxLayer {

    private final GraphBuilder graph;
    private final LayerSpec spec;
    private final Shape in;
    private final Shape out;
    private final Map<Parameter.Role, String> params = new EnumMap<>(Parameter.Role.class);
    private int index;
    private Map<String, float[]> state;
    private Layer layer;
    private String constant;

    private OnnxLayer(GraphBuilder graph, LayerSpec spec, Layer layer) {
        this.graph = graph;
        this.spec = spec;
        this.in = layer.inputShape();
        this.out = layer.outputShape();
    }

    /** The layer with its parameters (values from {@code state}) added as initializers. */
    static OnnxLayer of(GraphBuilder graph, int index, LayerSpec spec, Layer layer, Map<String, float[]> state) {
        OnnxLayer l = new OnnxLayer(graph, spec, layer);
        for (Parameter p : layer.parameters()) {
            float[] values = state.get(p.name());
            if (values == null) {
                throw new IllegalArgumentException("the network's state has no array '" + p.name() + "'");
            }
            String name = "layer" + index + "." + p.role().name().toLowerCase(java.util.Locale.ROOT);
            l.params.put(p.role(), graph.floats(name, p.array().getShape().getShape(), values));
        }
        l.index = index;
        l.state = state;
        l.layer = layer;
        return l;
    }

    /** Adds the forward nodes for input value {@code x}. */
    OnnxLayerPass forward(String x) {
        if (spec instanceof LayerSpec.Linear) {
            return linear(x);
        } else if (spec instanceof LayerSpec.Conv2d conv) {
            return conv(x, conv);
        } else if (spec instanceof LayerSpec.MaxPool2d pool) {
            return maxPool(x, pool.size());
        } else if (spec instanceof LayerSpec.AvgPool2d pool) {
            return avgPool(x, pool.size());
        } else if (spec instanceof LayerSpec.Activation act) {
            return activation(x, act.kind());
        } else if (spec instanceof LayerSpec.Dropout) {
            return pass(x, g -> g); // inverted dropout is the identity at inference
        } else if (spec instanceof LayerSpec.Flatten) {
            String y = graph.node("Flatten", "flatten", List.of(x), integer("axis", 1));
            return pass(y, g -> graph.node("Reshape", "flatten_grad", List.of(g, graph.node("Shape", "shape", List.of(x)))));
        } else if (spec instanceof LayerSpec.BatchNorm bn) {
            return batchNorm(x, bn);
        }
        throw new IllegalArgumentException("layer " + spec + " has no ONNX form");
    }

    private OnnxLayerPass linear(String x) {
        String w = params.get(Parameter.Role.WEIGHT);
        String b = params.get(Parameter.Role.BIAS);
        List<String> inputs = b == null ? List.of(x, w) : List.of(x, w, b);
        String y = graph.node("Gemm", "linear", inputs, integer("transB", 1));
        return pass(y, g -> graph.node("MatMul", "linear_grad", List.of(g, w)));
    }

    private OnnxLayerPass conv(String x, LayerSpec.Conv2d c) {
        String w = params.get(Parameter.Role.WEIGHT);
        String b = params.get(Parameter.Role.BIAS);
        List<String> inputs = b == null ? List.of(x, w) : List.of(x, w, b);
        int k = c.kernel();
        int s = c.stride();
        int p = c.padding();
        String y = graph.node("Conv", "conv", inputs, ints("kernel_shape", k, k), ints("strides", s, s), ints("pads", p, p, p, p));
        // The adjoint of a convolution is the transposed convolution with the same kernel; the
        // output padding restores the rows and columns the forward's stride dropped.
        long extraRows = in.get(1) - ((out.get(1) - 1) * s - 2L * p + k);
        long extraCols = in.get(2) - ((out.get(2) - 1) * s - 2L * p + k);
        return pass(y, g -> graph.node("ConvTranspose", "conv_grad", List.of(g, w),
                ints("kernel_shape", k, k), ints("strides", s, s), ints("pads", p, p, p, p),
                ints("output_padding", extraRows, extraCols)));
    }

    private OnnxLayerPass maxPool(String x, int size) {
        String y = graph.fresh("maxpool");
        String indices = graph.fresh("maxpool_indices");
        graph.nodeWithOutputs("MaxPool", List.of(x), List.of(y, indices), ints("kernel_shape", size, size), ints("strides", size, size));
        // Route each window's gradient to its first arg-max: the indices are flat over (N, C, H, W).
        return pass(y, g -> {
            String flat = graph.vector("flat", -1);
            String size1 = graph.node("Reshape", "size", List.of(graph.node("Size", "count", List.of(x)), graph.vector("one", 1)));
            String zeros = graph.node("ConstantOfShape", "zeros", List.of(size1));
            String routed = graph.node("ScatterElements", "maxpool_grad", List.of(zeros,
                    graph.node("Reshape", "indices", List.of(indices, flat)),
                    graph.node("Reshape", "updates", List.of(g, flat))), integer("axis", 0));
            return graph.node("Reshape", "maxpool_grad", List.of(routed, graph.node("Shape", "shape", List.of(x))));
        });
    }

    private OnnxLayerPass avgPool(String x, int size) {
        String y = graph.node("AveragePool", "avgpool", List.of(x), ints("kernel_shape", size, size), ints("strides", size, size));
        long extraRows = in.get(1) - out.get(1) * size;
        long extraCols = in.get(2) - out.get(2) * size;
        // Spread g / k² over each window: a depthwise transposed convolution with a constant kernel.
        return pass(y, g -> graph.node("ConvTranspose", "avgpool_grad", List.of(g, spreadKernel()),
                ints("kernel_shape", size, size), ints("strides", size, size), integer("group", in.get(0)),
                ints("output_padding", extraRows, extraCols)));
    }

    private OnnxLayerPass activation(String z, ActivationKind kind) {
        return switch (kind) {
            case RELU -> {
                String y = graph.node("Relu", "relu", List.of(z));
                yield pass(y, g -> {
                    String mask = graph.node("Cast", "relu_mask",
                            List.of(graph.node("Greater", "positive", List.of(z, graph.scalar("zero", 0f)))),
                            integer("to", ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT.getNumber()));
                    return graph.node("Mul", "relu_grad", List.of(g, mask));
                });
            }
            case SOFTPLUS -> {
                String y = graph.node("Softplus", "softplus", List.of(z));
                yield pass(y, g -> graph.node("Mul", "softplus_grad", List.of(g, graph.node("Sigmoid", "sigmoid", List.of(z)))));
            }
            case TANH -> {
                String y = graph.node("Tanh", "tanh", List.of(z));
                yield pass(y, g -> {
                    String one = graph.scalar("one", 1f);
                    String derivative = graph.node("Sub", "tanh_derivative", List.of(one, graph.node("Mul", "square", List.of(y, y))));
                    return graph.node("Mul", "tanh_grad", List.of(g, derivative));
                });
            }
            case SIGMOID -> {
                String y = graph.node("Sigmoid", "sigmoid", List.of(z));
                yield pass(y, g -> {
                    String one = graph.scalar("one", 1f);
                    String derivative = graph.node("Mul", "sigmoid_derivative", List.of(y, graph.node("Sub", "complement", List.of(one, y))));
                    return graph.node("Mul", "sigmoid_grad", List.of(g, derivative));
                });
            }
        };
    }

    private OnnxLayerPass batchNorm(String x, LayerSpec.BatchNorm bn) {
        String y = graph.node("BatchNormalization", "batchnorm",
                List.of(x, params.get(Parameter.Role.SCALE), params.get(Parameter.Role.SHIFT),
                        params.get(Parameter.Role.RUNNING_MEAN), params.get(Parameter.Role.RUNNING_VAR)),
                real("epsilon", (float) bn.epsilon()));
        return pass(y, g -> graph.node("Mul", "batchnorm_grad", List.of(g, batchNormFactor())));
    }

    /** The initializer of the average-pool rule's kernel, added the first time it is needed. */
    private String spreadKernel() {
        if (constant == null) {
            int channels = Math.toIntExact(in.get(0));
            int k = ((LayerSpec.AvgPool2d) spec).size();
            float[] kernel = new float[channels * k * k];
            Arrays.fill(kernel, (float) (1.0 / (k * k)));
            constant = graph.floats("layer" + index + ".spread_kernel", new long[] {channels, 1, k, k}, kernel);
        }
        return constant;
    }

    /** The initializer of the batch-norm rule's factor, added the first time it is needed. */
    private String batchNormFactor() {
        if (constant == null) {
            constant = graph.floats("layer" + index + ".input_gradient_factor", broadcastShape(in),
                    batchNormFactor(state, layer, ((LayerSpec.BatchNorm) spec).epsilon()));
        }
        return constant;
    }

    /** Inference batch norm's input gradient factor {@code γ / √(σ²_run + ε)}, per feature. */
    private static float[] batchNormFactor(Map<String, float[]> state, Layer layer, double epsilon) {
        float[] gamma = null;
        float[] variance = null;
        for (Parameter p : layer.parameters()) {
            if (p.role() == Parameter.Role.SCALE) {
                gamma = state.get(p.name());
            } else if (p.role() == Parameter.Role.RUNNING_VAR) {
                variance = state.get(p.name());
            }
        }
        float[] factor = new float[gamma.length];
        for (int i = 0; i < factor.length; i++) {
            float std = (float) Math.sqrt(variance[i] + (float) epsilon);
            factor[i] = (1f / std) * gamma[i];
        }
        return factor;
    }

    /** {@code (1, C)} for vectors, {@code (1, C, 1, 1)} for images. */
    private static long[] broadcastShape(Shape perSample) {
        long[] shape = new long[perSample.dimension() + 1];
        Arrays.fill(shape, 1);
        shape[1] = perSample.get(0);
        return shape;
    }

    private static OnnxLayerPass pass(String output, java.util.function.UnaryOperator<String> rule) {
        return new OnnxLayerPass() {
            @Override
            public String output() {
                return output;
            }

            @Override
            public String inputGradient(String g) {
                return rule.apply(g);
            }
        };
    }
}
