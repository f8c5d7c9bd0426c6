package dev.axiom.onnx;

import static dev.axiom.onnx.GraphBuilder.integer;
import static dev.axiom.onnx.GraphBuilder.ints;
import static dev.axiom.onnx.GraphBuilder.real;

import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.axiom.nn.ActivationKind;
import dev.axiom.nn.Layer;
import dev.axiom.nn.LayerSpec;
import dev.axiom.nn.Parameter;
import dev.axiom.nn.Window2d;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One node of a network written as ONNX nodes: its parameters as initializers named as in the
 * network (shared by every forward copy), its forward function, and the same input-gradient rule
 * as the Axiom layer (ARCHITECTURE.md, "The attribution head") in ONNX operators. Which ONNX
 * operators each layer kind becomes is {@link #FORMS}; {@code OnnxExporterTest} checks that every kind
 * has one.
 */
final class OnnxLayer {

    /** How a layer kind is written: its forward nodes and its rule's nodes. */
    @FunctionalInterface
    private interface Form {
        OnnxLayerPass write(OnnxLayer layer, List<String> inputs);
    }

    /** The ONNX form of every layer kind. */
    static final Map<Class<? extends LayerSpec>, Form> FORMS = Map.ofEntries(
            Map.entry(LayerSpec.Linear.class, (l, in) -> l.linear(in.get(0))),
            Map.entry(LayerSpec.Conv2d.class, (l, in) -> l.conv(in.get(0))),
            Map.entry(LayerSpec.MaxPool2d.class, (l, in) -> l.maxPool(in.get(0))),
            Map.entry(LayerSpec.AvgPool2d.class, (l, in) -> l.avgPool(in.get(0))),
            Map.entry(LayerSpec.GlobalAvgPool.class, (l, in) -> l.globalAvgPool(in.get(0))),
            Map.entry(LayerSpec.Activation.class, (l, in) -> l.activation(in.get(0))),
            Map.entry(LayerSpec.LeakyRelu.class, (l, in) -> l.leakyRelu(in.get(0))),
            Map.entry(LayerSpec.Clip.class, (l, in) -> l.clip(in.get(0))),
            Map.entry(LayerSpec.Dropout.class, (l, in) -> unary(in.get(0), g -> g)), // the identity at inference
            Map.entry(LayerSpec.Flatten.class, (l, in) -> l.reshape(in.get(0))),
            Map.entry(LayerSpec.Reshape.class, (l, in) -> l.reshape(in.get(0))),
            Map.entry(LayerSpec.Identity.class, (l, in) -> unary(in.get(0), g -> g)),
            Map.entry(LayerSpec.BatchNorm.class, (l, in) -> l.batchNorm(in.get(0))),
            Map.entry(LayerSpec.Pad.class, (l, in) -> l.pad(in.get(0))),
            Map.entry(LayerSpec.Shift.class, (l, in) -> l.constantOperand(in.get(0), "Add")),
            Map.entry(LayerSpec.Scale.class, (l, in) -> l.constantOperand(in.get(0), "Mul")),
            Map.entry(LayerSpec.Add.class, (l, in) -> l.join(in, false)),
            Map.entry(LayerSpec.Mul.class, (l, in) -> l.join(in, true)),
            Map.entry(LayerSpec.Concat.class, (l, in) -> l.concat(in)));

    private final GraphBuilder graph;
    private final LayerSpec spec;
    private final Layer layer;
    private final String name;
    private final Map<Parameter.Role, String> params = new EnumMap<>(Parameter.Role.class);
    private final Map<String, float[]> state;
    private final Map<String, String> constants = new java.util.HashMap<>();

    private OnnxLayer(GraphBuilder graph, String name, LayerSpec spec, Layer layer, Map<String, float[]> state) {
        this.graph = graph;
        this.name = name;
        this.spec = spec;
        this.layer = layer;
        this.state = state;
    }

    /** The node with its parameters (values from {@code state}) added as initializers under their own names. */
    static OnnxLayer of(GraphBuilder graph, String name, LayerSpec spec, Layer layer, Map<String, float[]> state) {
        OnnxLayer l = new OnnxLayer(graph, name, spec, layer, state);
        for (Parameter p : layer.parameters()) {
            float[] values = state.get(p.name());
            if (values == null) {
                throw new IllegalArgumentException("the network's state has no array '" + p.name() + "'");
            }
            l.params.put(p.role(), graph.floats(p.name(), p.array().getShape().getShape(), values));
        }
        return l;
    }

    /** Adds the forward nodes for input values {@code inputs}. */
    OnnxLayerPass forward(List<String> inputs) {
        Form form = FORMS.get(spec.getClass());
        if (form == null) {
            throw new IllegalArgumentException("layer " + spec + " has no ONNX form");
        }
        return form.write(this, inputs);
    }

    private Shape in() {
        return layer.inputShape();
    }

    private Shape out() {
        return layer.outputShape();
    }

    private OnnxLayerPass linear(String x) {
        String w = params.get(Parameter.Role.WEIGHT);
        String b = params.get(Parameter.Role.BIAS);
        boolean transposed = ((LayerSpec.Linear) spec).transposed();
        List<String> inputs = b == null ? List.of(x, w) : List.of(x, w, b);
        String y = graph.node("Gemm", "linear", inputs, integer("transB", transposed ? 0 : 1));
        return unary(y, g -> graph.node("Gemm", "linear_grad", List.of(g, w), integer("transB", transposed ? 1 : 0)));
    }

    private OnnxLayerPass conv(String x) {
        LayerSpec.Conv2d c = (LayerSpec.Conv2d) spec;
        Window2d win = c.window();
        String w = params.get(Parameter.Role.WEIGHT);
        String b = params.get(Parameter.Role.BIAS);
        List<String> inputs = b == null ? List.of(x, w) : List.of(x, w, b);
        String y = graph.node("Conv", "conv", inputs, window(win), strides(win), pads(win), dilations(win),
                integer("group", c.groups()));
        // The adjoint of a convolution is the transposed convolution with the same kernel.
        return unary(y, g -> transposed(g, w, win, c.groups(), "conv_grad"));
    }

    /**
     * The transposed convolution of {@code g} with {@code w} that gives the gradient of the
     * convolution's input: its padding crops the forward's padding, and the rows a strided forward
     * never reached come back as output padding (or, in ceil mode, the rows it read beyond the
     * padding are cropped too).
     */
    private String transposed(String g, String w, Window2d win, long groups, String stem) {
        long endRows = (out().get(1) - 1) * win.strideHeight() + win.extentHeight() - win.padTop() - in().get(1);
        long endCols = (out().get(2) - 1) * win.strideWidth() + win.extentWidth() - win.padLeft() - in().get(2);
        return graph.node("ConvTranspose", stem, List.of(g, w), window(win), strides(win), dilations(win),
                ints("pads", win.padTop(), win.padLeft(), Math.max(0, endRows), Math.max(0, endCols)),
                ints("output_padding", Math.max(0, -endRows), Math.max(0, -endCols)), integer("group", groups));
    }

    private OnnxLayerPass maxPool(String x) {
        Window2d win = ((LayerSpec.MaxPool2d) spec).window();
        String y = graph.fresh("maxpool");
        String indices = graph.fresh("maxpool_indices");
        graph.nodeWithOutputs("MaxPool", List.of(x), List.of(y, indices), window(win), strides(win), pads(win),
                dilations(win), integer("ceil_mode", win.ceil() ? 1 : 0));
        // Route each window's gradient to its first arg-max (the indices are flat over (N, C, H, W)),
        // adding where windows overlap.
        return unary(y, g -> {
            String flat = graph.vector("flat", -1);
            String size = graph.node("Reshape", "size", List.of(graph.node("Size", "count", List.of(x)), graph.vector("one", 1)));
            String zeros = graph.node("ConstantOfShape", "zeros", List.of(size));
            String routed = graph.node("ScatterElements", "maxpool_grad", List.of(zeros,
                    graph.node("Reshape", "indices", List.of(indices, flat)),
                    graph.node("Reshape", "updates", List.of(g, flat))), integer("axis", 0),
                    GraphBuilder.text("reduction", "add"));
            return graph.node("Reshape", "maxpool_grad", List.of(routed, graph.node("Shape", "shape", List.of(x))));
        });
    }

    private OnnxLayerPass avgPool(String x) {
        LayerSpec.AvgPool2d pool = (LayerSpec.AvgPool2d) spec;
        Window2d win = pool.window();
        String y = graph.node("AveragePool", "avgpool", List.of(x), window(win), strides(win), pads(win),
                integer("ceil_mode", win.ceil() ? 1 : 0), integer("count_include_pad", pool.countIncludePad() ? 1 : 0));
        // Spread g over each window, divided by the window's count: a depthwise transposed
        // convolution of g / count with a kernel of ones.
        return unary(y, g -> transposed(graph.node("Div", "avgpool_share", List.of(g, counts(pool))),
                ones(win), win, in().get(0), "avgpool_grad"));
    }

    private OnnxLayerPass globalAvgPool(String x) {
        String y = graph.node("GlobalAveragePool", "gap", List.of(x));
        float pixels = in().get(1) * in().get(2);
        return unary(y, g -> graph.node("Expand", "gap_grad",
                List.of(graph.node("Div", "gap_share", List.of(g, graph.scalar("pixels", pixels))),
                        graph.node("Shape", "shape", List.of(x)))));
    }

    private OnnxLayerPass activation(String z) {
        ActivationKind kind = ((LayerSpec.Activation) spec).kind();
        return switch (kind) {
            case RELU -> {
                String y = graph.node("Relu", "relu", List.of(z));
                yield unary(y, g -> graph.node("Mul", "relu_grad", List.of(g, mask(graph.node("Greater", "positive",
                        List.of(z, graph.scalar("zero", 0f)))))));
            }
            case SOFTPLUS -> {
                String y = graph.node("Softplus", "softplus", List.of(z));
                yield unary(y, g -> graph.node("Mul", "softplus_grad", List.of(g, graph.node("Sigmoid", "sigmoid", List.of(z)))));
            }
            case TANH -> {
                String y = graph.node("Tanh", "tanh", List.of(z));
                yield unary(y, g -> {
                    String one = graph.scalar("one", 1f);
                    String derivative = graph.node("Sub", "tanh_derivative", List.of(one, graph.node("Mul", "square", List.of(y, y))));
                    return graph.node("Mul", "tanh_grad", List.of(g, derivative));
                });
            }
            case SIGMOID -> {
                String y = graph.node("Sigmoid", "sigmoid", List.of(z));
                yield unary(y, g -> {
                    String one = graph.scalar("one", 1f);
                    String derivative = graph.node("Mul", "sigmoid_derivative", List.of(y, graph.node("Sub", "complement", List.of(one, y))));
                    return graph.node("Mul", "sigmoid_grad", List.of(g, derivative));
                });
            }
        };
    }

    private OnnxLayerPass leakyRelu(String z) {
        float slope = (float) ((LayerSpec.LeakyRelu) spec).slope();
        String y = graph.node("LeakyRelu", "leakyrelu", List.of(z), real("alpha", slope));
        return unary(y, g -> {
            String positive = mask(graph.node("Greater", "positive", List.of(z, graph.scalar("zero", 0f))));
            String derivative = graph.node("Add", "leakyrelu_derivative", List.of(
                    graph.node("Mul", "leakyrelu_above", List.of(positive, graph.scalar("rise", 1f - slope))),
                    graph.scalar("slope", slope)));
            return graph.node("Mul", "leakyrelu_grad", List.of(g, derivative));
        });
    }

    private OnnxLayerPass clip(String z) {
        LayerSpec.Clip c = (LayerSpec.Clip) spec;
        String min = c.min() == Double.NEGATIVE_INFINITY ? "" : graph.scalar("min", (float) c.min());
        String max = c.max() == Double.POSITIVE_INFINITY ? "" : graph.scalar("max", (float) c.max());
        String y = graph.node("Clip", "clip", List.of(z, min, max));
        return unary(y, g -> {
            String inside = null;
            if (!min.isEmpty()) {
                inside = graph.node("Greater", "above_min", List.of(z, min));
            }
            if (!max.isEmpty()) {
                String below = graph.node("Less", "below_max", List.of(z, max));
                inside = inside == null ? below : graph.node("And", "inside", List.of(inside, below));
            }
            return inside == null ? g : graph.node("Mul", "clip_grad", List.of(g, mask(inside)));
        });
    }

    private OnnxLayerPass reshape(String x) {
        String y = graph.node("Reshape", "reshape", List.of(x, graph.vector("shape", batched(-1, out()))));
        return unary(y, g -> graph.node("Reshape", "reshape_grad", List.of(g, graph.node("Shape", "shape", List.of(x)))));
    }

    private OnnxLayerPass batchNorm(String x) {
        LayerSpec.BatchNorm bn = (LayerSpec.BatchNorm) spec;
        String y = graph.node("BatchNormalization", "batchnorm",
                List.of(x, params.get(Parameter.Role.SCALE), params.get(Parameter.Role.SHIFT),
                        params.get(Parameter.Role.RUNNING_MEAN), params.get(Parameter.Role.RUNNING_VAR)),
                real("epsilon", (float) bn.epsilon()));
        return unary(y, g -> graph.node("Mul", "batchnorm_grad", List.of(g, batchNormFactor(bn.epsilon()))));
    }

    private OnnxLayerPass pad(String x) {
        LayerSpec.Pad p = (LayerSpec.Pad) spec;
        int axes = p.before().size();
        long[] amounts = new long[2 * (axes + 1)];
        long[] starts = new long[axes];
        long[] ends = new long[axes];
        long[] axisList = new long[axes];
        for (int i = 0; i < axes; i++) {
            amounts[1 + i] = p.before().get(i);
            amounts[axes + 2 + i] = p.after().get(i);
            starts[i] = p.before().get(i);
            ends[i] = p.before().get(i) + in().get(i);
            axisList[i] = i + 1;
        }
        String y = graph.node("Pad", "pad", List.of(x, graph.vector("pads", amounts), graph.scalar("value", (float) p.value())),
                GraphBuilder.text("mode", "constant"));
        return unary(y, g -> graph.node("Slice", "pad_grad", List.of(g, graph.vector("starts", starts),
                graph.vector("ends", ends), graph.vector("axes", axisList))));
    }

    private OnnxLayerPass constantOperand(String x, String op) {
        Parameter.Role role = params.containsKey(Parameter.Role.CONSTANT) ? Parameter.Role.CONSTANT
                : op.equals("Mul") ? Parameter.Role.WEIGHT : Parameter.Role.BIAS;
        String c = params.get(role);
        String y = graph.node(op, op.toLowerCase(java.util.Locale.ROOT), List.of(x, c));
        return unary(y, g -> reduceTo(op.equals("Mul") ? graph.node("Mul", "scale_grad", List.of(g, c)) : g, in(), x));
    }

    private OnnxLayerPass join(List<String> inputs, boolean product) {
        // Per-sample shapes broadcast as NumPy does, so an input of lower per-sample rank gets its
        // length-1 axes after the batch axis (ONNX would align it with the batch axis instead).
        List<String> xs = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            xs.add(aligned(inputs.get(i), layer.inputShapes().get(i)));
        }
        String y = xs.get(0);
        for (int i = 1; i < xs.size(); i++) {
            y = graph.node(product ? "Mul" : "Add", product ? "mul" : "add", List.of(y, xs.get(i)));
        }
        return OnnxLayerPass.of(y, g -> {
            List<String> gradients = new ArrayList<>(xs.size());
            for (int i = 0; i < xs.size(); i++) {
                String gi = g;
                if (product) {
                    for (int j = 0; j < xs.size(); j++) {
                        if (j != i) {
                            gi = graph.node("Mul", "mul_grad", List.of(gi, xs.get(j)));
                        }
                    }
                }
                gradients.add(reduceTo(gi, layer.inputShapes().get(i), inputs.get(i)));
            }
            return gradients;
        });
    }

    /** {@code x} (per-sample shape {@code sample}) reshaped to the output's rank with leading length-1 axes, if lower. */
    private String aligned(String x, Shape sample) {
        int missing = out().dimension() - sample.dimension();
        if (missing == 0) {
            return x;
        }
        long[] shape = new long[out().dimension() + 1]; // 0: keep the batch size
        Arrays.fill(shape, 1, missing + 1, 1);
        System.arraycopy(sample.getShape(), 0, shape, missing + 1, sample.dimension());
        return graph.node("Reshape", "aligned", List.of(x, graph.vector("aligned_shape", shape)));
    }

    private OnnxLayerPass concat(List<String> xs) {
        int axis = ((LayerSpec.Concat) spec).axis();
        String y = graph.node("Concat", "concat", xs, integer("axis", axis + 1));
        return OnnxLayerPass.of(y, g -> {
            List<String> parts = new ArrayList<>(xs.size());
            long from = 0;
            for (Shape s : layer.inputShapes()) {
                long to = from + s.get(axis);
                parts.add(graph.node("Slice", "concat_grad", List.of(g, graph.vector("starts", from),
                        graph.vector("ends", to), graph.vector("axes", axis + 1))));
                from = to;
            }
            return parts;
        });
    }

    /** {@code g} summed over the axes broadcasting added to an operand of per-sample shape {@code sample}, shaped like {@code x}. */
    private String reduceTo(String g, Shape sample, String x) {
        Shape output = out();
        if (output.equals(sample)) {
            return g;
        }
        int extra = output.dimension() - sample.dimension();
        List<Long> axes = new ArrayList<>();
        for (int i = 0; i < output.dimension(); i++) {
            boolean added = i < extra || (sample.get(i - extra) == 1 && output.get(i) != 1);
            if (added) {
                axes.add((long) i + 1);
            }
        }
        String summed = graph.node("ReduceSum", "broadcast_grad", List.of(g,
                graph.vector("axes", axes.stream().mapToLong(Long::longValue).toArray())), integer("keepdims", 1));
        return graph.node("Reshape", "broadcast_grad", List.of(summed, graph.node("Shape", "shape", List.of(x))));
    }

    /** A boolean value as a float 0/1 mask. */
    private String mask(String condition) {
        return graph.node("Cast", "mask", List.of(condition), integer("to", TensorProto.DataType.FLOAT.getNumber()));
    }

    /** The kernel of ones {@code (C, 1, kh, kw)} of the average-pool rule, added the first time it is needed. */
    private String ones(Window2d win) {
        return constants.computeIfAbsent("ones", key -> {
            int channels = Math.toIntExact(in().get(0));
            float[] kernel = new float[channels * win.kernelHeight() * win.kernelWidth()];
            Arrays.fill(kernel, 1f);
            return graph.floats(name + ".rule.window_ones", new long[] {channels, 1, win.kernelHeight(), win.kernelWidth()}, kernel);
        });
    }

    /** The number of values each output pixel of an average pool averages, {@code (1, 1, rows, cols)}. */
    private String counts(LayerSpec.AvgPool2d pool) {
        return constants.computeIfAbsent("counts", key -> {
            float[] counts = pool.window().counts(in().get(1), in().get(2), pool.countIncludePad());
            return graph.floats(name + ".rule.window_counts", new long[] {1, 1, out().get(1), out().get(2)}, counts);
        });
    }

    /** The initializer of the batch-norm rule's factor, added the first time it is needed. */
    private String batchNormFactor(double epsilon) {
        return constants.computeIfAbsent("factor", key -> {
            float[] gamma = state.get(parameterName(Parameter.Role.SCALE));
            float[] variance = state.get(parameterName(Parameter.Role.RUNNING_VAR));
            float[] factor = new float[gamma.length];
            for (int i = 0; i < factor.length; i++) {
                float std = (float) Math.sqrt(variance[i] + (float) epsilon);
                factor[i] = (1f / std) * gamma[i];
            }
            long[] shape = new long[in().dimension() + 1];
            Arrays.fill(shape, 1);
            shape[1] = in().get(0);
            return graph.floats(name + ".rule.input_gradient_factor", shape, factor);
        });
    }

    private String parameterName(Parameter.Role role) {
        return layer.parameters().stream().filter(p -> p.role() == role).findFirst().orElseThrow().name();
    }

    private static long[] batched(long batch, Shape sample) {
        long[] shape = new long[sample.dimension() + 1];
        shape[0] = batch;
        System.arraycopy(sample.getShape(), 0, shape, 1, sample.dimension());
        return shape;
    }

    private static ai.onnx.proto.OnnxMl.AttributeProto window(Window2d w) {
        return ints("kernel_shape", w.kernelHeight(), w.kernelWidth());
    }

    private static ai.onnx.proto.OnnxMl.AttributeProto strides(Window2d w) {
        return ints("strides", w.strideHeight(), w.strideWidth());
    }

    private static ai.onnx.proto.OnnxMl.AttributeProto pads(Window2d w) {
        return ints("pads", w.padTop(), w.padLeft(), w.padBottom(), w.padRight());
    }

    private static ai.onnx.proto.OnnxMl.AttributeProto dilations(Window2d w) {
        return ints("dilations", w.dilationHeight(), w.dilationWidth());
    }

    private static OnnxLayerPass unary(String output, UnaryOperator<String> rule) {
        return OnnxLayerPass.of(output, g -> List.of(rule.apply(g)));
    }
}
