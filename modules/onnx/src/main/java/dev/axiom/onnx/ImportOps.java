package dev.axiom.onnx;

import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.axiom.nn.ActivationKind;
import dev.axiom.nn.Architecture;
import dev.axiom.nn.LayerSpec;
import dev.axiom.nn.LayerSpecs;
import dev.axiom.nn.Node;
import dev.axiom.nn.Parameter;
import dev.axiom.nn.Window2d;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The translation of one ONNX graph into Axiom nodes: one handler per operator
 * ({@link #SUPPORTED}), run over the graph's nodes in their (topological) order. Every value is
 * either a constant (folded at import) or a tensor computed by the network from its input.
 */
final class ImportOps {

    /** A graph value: a constant, a tensor the network computes, or an output Axiom does not provide. */
    private sealed interface Value permits Const, Flow, Unavailable {}

    /** A constant; {@code name} is its initializer's (or value's) name, {@code trainable} for initializers. */
    private record Const(ConstantTensor tensor, String name, boolean trainable) implements Value {}

    /** A tensor computed by Axiom node {@code node} (or the input), of per-sample shape {@code sample}. */
    private record Flow(String node, Shape sample) implements Value {}

    /** An output Axiom does not compute (batch norm's running statistics, max-pool indices, dropout masks). */
    private record Unavailable(String why) implements Value {}

    private final Map<String, Consumer<NodeProto>> handlers = new HashMap<>();
    private final String source;
    private final int opset;
    private final Map<String, Value> values = new HashMap<>();
    private final List<Node> nodes = new ArrayList<>();
    /** Per-sample output shape of every Axiom node added, by node name. */
    private final Map<String, Shape> samples = new HashMap<>();
    private final Map<String, float[]> weights = new LinkedHashMap<>();
    private String inputName;
    private long declaredBatch = -1;
    private NodeProto current;
    private int currentIndex = -1;

    ImportOps(String source, int opset) {
        this.source = source;
        this.opset = opset;
        handlers.put("Conv", this::conv);
        handlers.put("Gemm", this::gemm);
        handlers.put("MatMul", this::matMul);
        handlers.put("BatchNormalization", this::batchNorm);
        handlers.put("Relu", n -> unary(n, new LayerSpec.Activation(ActivationKind.RELU)));
        handlers.put("Sigmoid", n -> unary(n, new LayerSpec.Activation(ActivationKind.SIGMOID)));
        handlers.put("Tanh", n -> unary(n, new LayerSpec.Activation(ActivationKind.TANH)));
        handlers.put("Softplus", n -> unary(n, new LayerSpec.Activation(ActivationKind.SOFTPLUS)));
        handlers.put("LeakyRelu", n -> unary(n, new LayerSpec.LeakyRelu(real(n, "alpha", 0.01))));
        handlers.put("Clip", this::clip);
        handlers.put("MaxPool", this::maxPool);
        handlers.put("AveragePool", this::averagePool);
        handlers.put("GlobalAveragePool", n -> unary(n, new LayerSpec.GlobalAvgPool()));
        handlers.put("ReduceMean", this::reduceMean);
        handlers.put("Flatten", this::flatten);
        handlers.put("Reshape", this::reshape);
        handlers.put("Squeeze", n -> squeezeOrUnsqueeze(n, true));
        handlers.put("Unsqueeze", n -> squeezeOrUnsqueeze(n, false));
        handlers.put("Add", n -> arithmetic(n, "Add"));
        handlers.put("Mul", n -> arithmetic(n, "Mul"));
        handlers.put("Sub", n -> arithmetic(n, "Sub"));
        handlers.put("Div", n -> arithmetic(n, "Div"));
        handlers.put("Concat", this::concat);
        handlers.put("Pad", this::pad);
        handlers.put("Dropout", this::dropout);
        handlers.put("Identity", n -> values.put(n.getOutput(0), value(n, 0)));
        handlers.put("Constant", this::constant);
        handlers.put("Cast", this::cast);
        handlers.put("Shape", this::shape);
        handlers.put("Gather", this::gather);
        handlers.put("Slice", this::slice);
        handlers.put("ConstantOfShape", this::constantOfShape);
    }

    /** The operators Axiom imports, in alphabetical order. */
    static final Set<String> SUPPORTED = new TreeSet<>(new ImportOps("", OnnxImporter.MAX_OPSET).handlers.keySet());

    ImportedModel translate(GraphProto graph, Map<String, ConstantTensor> bound, String output) {
        Set<String> initializers = constants(graph, bound);
        Shape inputShape = input(graph, initializers, bound.keySet());
        nodes(graph);
        return new ImportedModel(architecture(graph, inputShape, output), usedWeights(), source, opset);
    }

    /** Evaluates a graph whose inputs are all {@code bound} (or initializers): the value of {@code output}. */
    ConstantTensor fold(GraphProto graph, Map<String, ConstantTensor> bound, String output) {
        constants(graph, bound);
        nodes(graph);
        if (!(values.get(output) instanceof Const c)) {
            throw new OnnxImportException(source + ": the output '" + output + "' is not a constant");
        }
        return c.tensor();
    }

    /** The initializers and bound inputs as constants; returns the initializers' names. */
    private Set<String> constants(GraphProto graph, Map<String, ConstantTensor> bound) {
        Set<String> initializers = new HashSet<>();
        for (TensorProto t : graph.getInitializerList()) {
            try {
                values.put(t.getName(), new Const(ConstantTensor.of(t), t.getName(), true));
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new OnnxImportException(source + ": initializer " + e.getMessage(), e);
            }
            initializers.add(t.getName());
        }
        bound.forEach((name, t) -> values.put(name, new Const(t, name, true)));
        return initializers;
    }

    private void nodes(GraphProto graph) {
        for (NodeProto node : graph.getNodeList()) {
            current = node;
            currentIndex++;
            Consumer<NodeProto> handler = handlers.get(node.getOpType());
            if (!node.getDomain().isEmpty() && !node.getDomain().equals("ai.onnx")) {
                throw error("is in the operator domain '" + node.getDomain() + "', which Axiom does not import");
            }
            if (handler == null) {
                throw error("is an operator Axiom does not import; it imports " + String.join(", ", SUPPORTED));
            }
            try {
                handler.accept(node);
            } catch (OnnxImportException e) {
                throw e;
            } catch (IllegalArgumentException | ArithmeticException | IndexOutOfBoundsException e) {
                throw error(e.getMessage());
            }
        }
    }

    /** The one graph input that is not an initializer (nor bound): the samples. */
    private Shape input(GraphProto graph, Set<String> initializers, Set<String> bound) {
        List<ValueInfoProto> inputs = graph.getInputList().stream()
                .filter(i -> !initializers.contains(i.getName()) && !bound.contains(i.getName())).toList();
        if (inputs.size() != 1) {
            throw new OnnxImportException(source + ": Axiom imports networks with one input (the samples), this graph has "
                    + inputs.size() + ": " + inputs.stream().map(ValueInfoProto::getName).toList());
        }
        ValueInfoProto input = inputs.get(0);
        inputName = input.getName();
        if (!input.getType().hasTensorType()) {
            throw new OnnxImportException(source + ": input '" + inputName + "' is not a tensor");
        }
        int type = input.getType().getTensorType().getElemType();
        if (type != TensorProto.DataType.FLOAT.getNumber() && type != TensorProto.DataType.DOUBLE.getNumber()) {
            throw new OnnxImportException(source + ": input '" + inputName + "' has element type "
                    + TensorProto.DataType.forNumber(type) + "; Axiom networks take float samples");
        }
        List<TensorShapeProto.Dimension> dims = input.getType().getTensorType().getShape().getDimList();
        if (dims.isEmpty()) {
            throw new OnnxImportException(source + ": input '" + inputName + "' is a scalar; Axiom needs a batch axis");
        }
        if (dims.get(0).hasDimValue()) {
            declaredBatch = dims.get(0).getDimValue();
        }
        long[] sample = new long[dims.size() - 1];
        for (int i = 1; i < dims.size(); i++) {
            if (!dims.get(i).hasDimValue() || dims.get(i).getDimValue() <= 0) {
                throw new OnnxImportException(source + ": input '" + inputName + "' has a dynamic axis " + i + " ("
                        + (dims.get(i).hasDimParam() ? dims.get(i).getDimParam() : "unknown")
                        + "); only the batch axis may be dynamic");
            }
            sample[i - 1] = dims.get(i).getDimValue();
        }
        Shape shape = new Shape(sample);
        values.put(inputName, new Flow(inputName, shape));
        return shape;
    }

    private Architecture architecture(GraphProto graph, Shape inputShape, String output) {
        String out = output;
        if (out == null) {
            if (graph.getOutputCount() != 1) {
                throw new OnnxImportException(source + ": Axiom imports networks with one output, this graph has "
                        + graph.getOutputCount() + ": " + graph.getOutputList().stream().map(ValueInfoProto::getName).toList());
            }
            out = graph.getOutput(0).getName();
        }
        Value v = values.get(out);
        if (!(v instanceof Flow f)) {
            throw new OnnxImportException(source + ": the output '" + out + "' is "
                    + (v == null ? "not computed by any node" : v instanceof Const ? "a constant" : ((Unavailable) v).why()));
        }
        String last = f.node();
        if (last.equals(inputName)) {
            last = add("output", new LayerSpec.Identity(), List.of(inputName), Map.of()).node();
        }
        List<Node> kept = reachable(last);
        try {
            return new Architecture(inputShape, inputName, kept, last);
        } catch (IllegalArgumentException e) {
            throw new OnnxImportException(source + ": " + e.getMessage(), e);
        }
    }

    /** The nodes the output depends on, in order. */
    private List<Node> reachable(String output) {
        Set<String> needed = new HashSet<>();
        needed.add(output);
        for (int i = nodes.size() - 1; i >= 0; i--) {
            if (needed.contains(nodes.get(i).name())) {
                needed.addAll(nodes.get(i).inputs());
            }
        }
        return nodes.stream().filter(n -> needed.contains(n.name())).toList();
    }

    private Map<String, float[]> usedWeights() {
        Set<String> used = new HashSet<>();
        for (Node n : nodes) {
            used.addAll(n.parameterNames().values());
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        weights.forEach((k, v) -> {
            if (used.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    // ---- layers ----

    private void conv(NodeProto n) {
        Flow x = flow(n, 0);
        Const w = constant(n, 1, "weight");
        Const b = optionalConstant(n, 2, "bias");
        long[] wd = w.tensor().dims();
        if (wd.length != 4) {
            throw new IllegalArgumentException("only 2-D convolutions (a weight of rank 4) are imported, the weight has rank " + wd.length);
        }
        int groups = (int) integer(n, "group", 1);
        if (x.sample().dimension() != 3 || wd[1] * groups != x.sample().get(0)) {
            throw new IllegalArgumentException("the weight " + Arrays.toString(wd) + " with group " + groups
                    + " does not fit input samples of shape " + x.sample());
        }
        Window2d window = window(n, x.sample(), new long[] {wd[2], wd[3]}, false);
        Map<Parameter.Role, String> params = new EnumMap<>(Parameter.Role.class);
        params.put(Parameter.Role.WEIGHT, parameter(w));
        if (b != null) {
            params.put(Parameter.Role.BIAS, parameter(b));
        }
        emit(n, new LayerSpec.Conv2d((int) wd[0], window, groups, b != null), List.of(x.node()), params);
    }

    private void gemm(NodeProto n) {
        Flow a = flow(n, 0);
        Const b = constant(n, 1, "weight");
        Const c = optionalConstant(n, 2, "bias");
        if (integer(n, "transA", 0) != 0) {
            throw new IllegalArgumentException("transA = 1 (the samples transposed) is not supported");
        }
        for (String factor : List.of("alpha", "beta")) {
            if (real(n, factor, 1.0) != 1.0) {
                throw new IllegalArgumentException(factor + " = " + real(n, factor, 1.0) + " is not supported (only 1)");
            }
        }
        boolean transB = integer(n, "transB", 0) != 0;
        linear(n, a, b, c, !transB);
    }

    private void matMul(NodeProto n) {
        if (!(values.get(n.getInput(1)) instanceof Const)) {
            throw new IllegalArgumentException("only a product with a constant weight (the second operand) is imported");
        }
        linear(n, flow(n, 0), constant(n, 1, "weight"), null, true);
    }

    /** {@code y = x W (+ c)} with {@code W} stored (in, out) ({@code transposed}) or (out, in). */
    private void linear(NodeProto n, Flow x, Const w, Const c, boolean transposed) {
        long[] wd = w.tensor().dims();
        if (x.sample().dimension() != 1 || wd.length != 2) {
            throw new IllegalArgumentException("a linear layer needs vector samples and a 2-D weight, got samples of shape "
                    + x.sample() + " and a weight " + Arrays.toString(wd));
        }
        long in = transposed ? wd[0] : wd[1];
        long units = transposed ? wd[1] : wd[0];
        if (in != x.sample().get(0)) {
            throw new IllegalArgumentException("the weight " + Arrays.toString(wd) + " does not fit samples of " + x.sample().get(0) + " features");
        }
        boolean vectorBias = c != null && Arrays.equals(c.tensor().dims(), new long[] {units});
        Map<Parameter.Role, String> params = new EnumMap<>(Parameter.Role.class);
        params.put(Parameter.Role.WEIGHT, parameter(w));
        if (vectorBias) {
            params.put(Parameter.Role.BIAS, parameter(c));
        }
        LayerSpec.Linear spec = new LayerSpec.Linear((int) units, vectorBias, transposed);
        if (c == null || vectorBias) {
            emit(n, spec, List.of(x.node()), params);
            return;
        }
        Flow product = add(nodeName(n) + "/product", spec, List.of(x.node()), params);
        values.put(n.getOutput(0), constantOperand(n, product, c, "Add"));
    }

    private void batchNorm(NodeProto n) {
        Flow x = flow(n, 0);
        Map<Parameter.Role, String> params = new EnumMap<>(Parameter.Role.class);
        params.put(Parameter.Role.SCALE, parameter(constant(n, 1, "scale")));
        params.put(Parameter.Role.SHIFT, parameter(constant(n, 2, "bias")));
        params.put(Parameter.Role.RUNNING_MEAN, parameter(constant(n, 3, "mean")));
        params.put(Parameter.Role.RUNNING_VAR, parameter(constant(n, 4, "variance")));
        double momentum = real(n, "momentum", 0.9);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum " + momentum + " is not supported (ONNX's convention: in [0, 1))");
        }
        // ONNX's momentum weights the old statistic, PyTorch's (and Axiom's) the new one; in decimal,
        // so that 0.9 becomes 0.1 and not 0.09999999999999998
        double pytorchMomentum = java.math.BigDecimal.ONE.subtract(new java.math.BigDecimal(Double.toString(momentum))).doubleValue();
        emit(n, new LayerSpec.BatchNorm(pytorchMomentum, real(n, "epsilon", 1e-5)), List.of(x.node()), params);
        for (int i = 1; i < n.getOutputCount(); i++) {
            values.put(n.getOutput(i), new Unavailable("batch normalisation's training statistics (output " + i
                    + "), which Axiom keeps inside the layer"));
        }
    }

    private void clip(NodeProto n) {
        Const lo = optionalConstant(n, 1, "min");
        Const hi = optionalConstant(n, 2, "max");
        unary(n, new LayerSpec.Clip(lo == null ? Double.NEGATIVE_INFINITY : lo.tensor().scalar(),
                hi == null ? Double.POSITIVE_INFINITY : hi.tensor().scalar()));
    }

    private void maxPool(NodeProto n) {
        Flow x = flow(n, 0);
        if (integer(n, "storage_order", 0) != 0) {
            throw new IllegalArgumentException("storage_order = 1 (column-major indices) is not supported");
        }
        emit(n, new LayerSpec.MaxPool2d(window(n, x.sample(), kernel(n), true)), List.of(x.node()), Map.of());
        if (n.getOutputCount() > 1) {
            values.put(n.getOutput(1), new Unavailable("max-pooling's indices (output 1), which Axiom does not compute"));
        }
    }

    private void averagePool(NodeProto n) {
        Flow x = flow(n, 0);
        Window2d window = window(n, x.sample(), kernel(n), true);
        emit(n, new LayerSpec.AvgPool2d(window, integer(n, "count_include_pad", 0) != 0), List.of(x.node()), Map.of());
    }

    private void reduceMean(NodeProto n) {
        Flow x = flow(n, 0);
        long[] axes = ints(n, "axes", null);
        int rank = x.sample().dimension() + 1;
        Set<Integer> named = new TreeSet<>();
        for (long a : axes == null ? new long[0] : axes) {
            named.add(ConstantFolding.normalize((int) a, rank));
        }
        if (rank != 4 || !named.equals(Set.of(2, 3))) {
            throw new IllegalArgumentException("only the mean over the two spatial axes of (N, C, H, W) is imported (global average"
                    + " pooling), not over axes " + (axes == null ? "all" : Arrays.toString(axes)) + " of a rank-" + rank + " tensor");
        }
        if (integer(n, "keepdims", 1) != 0) {
            unary(n, new LayerSpec.GlobalAvgPool());
            return;
        }
        Flow pooled = add(nodeName(n), new LayerSpec.GlobalAvgPool(), List.of(x.node()), Map.of());
        values.put(n.getOutput(0), add(nodeName(n) + "/squeeze", new LayerSpec.Flatten(), List.of(pooled.node()), Map.of()));
    }

    private void flatten(NodeProto n) {
        Flow x = flow(n, 0);
        int axis = ConstantFolding.normalize((int) integer(n, "axis", 1), x.sample().dimension() + 1);
        if (axis != 1) {
            throw new IllegalArgumentException("flattening from axis " + axis + " mixes the batch axis into the samples; only axis 1 is imported");
        }
        reshapeTo(n, x, new Shape(x.sample().size()));
    }

    private void reshape(NodeProto n) {
        Flow x = flow(n, 0);
        if (!(values.get(n.getInput(1)) instanceof Const shape)) {
            throw new IllegalArgumentException("the target shape '" + n.getInput(1) + "' is computed from the data (a dynamic"
                    + " reshape); Axiom imports reshapes whose shape is static but for the batch axis");
        }
        long[] target = shape.tensor().asLongs();
        boolean allowZero = integer(n, "allowzero", 0) != 0;
        long first = target.length == 0 ? 0 : target[0];
        boolean batch = first == ConstantTensor.BATCH || (first == 0 && !allowZero) || first == declaredBatch
                || (first == -1 && restFits(target, x.sample(), allowZero));
        if (!batch) {
            throw new IllegalArgumentException("the target shape " + describe(target) + " does not keep the batch axis first"
                    + " (export with a dynamic batch axis, or a view that keeps it, e.g. x.view(x.size(0), -1))");
        }
        long[] sample = new long[target.length - 1];
        int infer = -1;
        for (int i = 1; i < target.length; i++) {
            long d = target[i];
            if (d == ConstantTensor.BATCH) {
                throw new IllegalArgumentException("the target shape " + describe(target) + " puts the batch size on axis " + i);
            } else if (d == 0 && !allowZero) {
                d = i - 1 < x.sample().dimension() ? x.sample().get(i - 1) : 0;
            } else if (d == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("the target shape " + describe(target) + " has two -1 axes");
                }
                infer = i - 1;
                d = 1;
            }
            sample[i - 1] = d;
        }
        if (infer >= 0) {
            long known = Arrays.stream(sample).reduce(1, (p, q) -> p * q);
            sample[infer] = known == 0 ? 0 : x.sample().size() / known;
        }
        reshapeTo(n, x, new Shape(sample));
    }

    /** Whether the target's axes after the first are static and hold exactly one sample. */
    private static boolean restFits(long[] target, Shape sample, boolean allowZero) {
        long size = 1;
        for (int i = 1; i < target.length; i++) {
            long d = target[i] == 0 && !allowZero && i - 1 < sample.dimension() ? sample.get(i - 1) : target[i];
            if (d < 0) {
                return false;
            }
            size *= d;
        }
        return size == sample.size();
    }

    private void squeezeOrUnsqueeze(NodeProto n, boolean squeeze) {
        long[] axes = opset >= 13 ? (n.getInputCount() > 1 && !n.getInput(1).isEmpty() ? constant(n, 1, "axes").tensor().asLongs() : null)
                : ints(n, "axes", null);
        if (values.get(n.getInput(0)) instanceof Const c) {
            values.put(n.getOutput(0), new Const(squeeze ? ConstantFolding.squeeze(c.tensor(), axes)
                    : ConstantFolding.unsqueeze(c.tensor(), axes), n.getOutput(0), false));
            return;
        }
        Flow x = flow(n, 0);
        long[] batched = batched(2, x.sample()); // a stand-in batch size other than 1, so that squeeze never removes it
        ConstantTensor dims = ConstantTensor.vector(batched);
        ConstantTensor shaped = squeeze ? ConstantFolding.squeeze(ConstantFolding.reshaped(dims, batched), axes)
                : ConstantFolding.unsqueeze(ConstantFolding.reshaped(dims, batched), axes);
        if (shaped.dims().length == 0 || shaped.dims()[0] != 2) {
            throw new IllegalArgumentException("the axes " + Arrays.toString(axes) + " would move the batch axis");
        }
        reshapeTo(n, x, new Shape(Arrays.copyOfRange(shaped.dims(), 1, shaped.dims().length)));
    }

    private void reshapeTo(NodeProto n, Flow x, Shape sample) {
        if (sample.equals(x.sample())) {
            values.put(n.getOutput(0), x);
            return;
        }
        LayerSpec spec = sample.dimension() == 1 ? new LayerSpec.Flatten() : new LayerSpec.Reshape(sample);
        emit(n, spec, List.of(x.node()), Map.of());
    }

    private void arithmetic(NodeProto n, String op) {
        Value a = value(n, 0);
        Value b = value(n, 1);
        if (a instanceof Const ca && b instanceof Const cb) {
            values.put(n.getOutput(0), new Const(ConstantFolding.binary(ca.tensor(), cb.tensor(), op), n.getOutput(0), false));
            return;
        }
        if (op.equals("Sub") || op.equals("Div")) {
            throw new IllegalArgumentException(op + " of computed tensors is not imported (only of constants)");
        }
        if (a instanceof Flow fa && b instanceof Flow fb) {
            emit(n, op.equals("Add") ? new LayerSpec.Add() : new LayerSpec.Mul(), List.of(fa.node(), fb.node()), Map.of());
            return;
        }
        Flow x = a instanceof Flow f ? f : flow(n, 1);
        Const c = a instanceof Const k ? k : constant(n, 1, "operand");
        values.put(n.getOutput(0), constantOperand(n, x, c, op));
    }

    /** {@code x + c} or {@code x ⊙ c}: a shift or scale whose constant is an initializer (trained) or a constant (not). */
    private Flow constantOperand(NodeProto n, Flow x, Const c, String op) {
        Shape shape = new Shape(c.tensor().dims());
        LayerSpec spec = op.equals("Add") ? new LayerSpec.Shift(shape, c.trainable()) : new LayerSpec.Scale(shape, c.trainable());
        Parameter.Role role = !c.trainable() ? Parameter.Role.CONSTANT : op.equals("Add") ? Parameter.Role.BIAS : Parameter.Role.WEIGHT;
        String name = parameter(c);
        return add(nodeName(n), spec, List.of(x.node()), Map.of(role, name));
    }

    private void concat(NodeProto n) {
        List<Value> parts = new ArrayList<>();
        for (int i = 0; i < n.getInputCount(); i++) {
            parts.add(value(n, i));
        }
        int axis = (int) integer(n, "axis", Long.MIN_VALUE);
        if (axis == Integer.MIN_VALUE) {
            throw new IllegalArgumentException("the attribute 'axis' is required");
        }
        if (parts.stream().allMatch(p -> p instanceof Const)) {
            values.put(n.getOutput(0), new Const(ConstantFolding.concat(parts.stream().map(p -> ((Const) p).tensor()).toList(), axis),
                    n.getOutput(0), false));
            return;
        }
        List<String> inputs = new ArrayList<>();
        Shape sample = null;
        for (int i = 0; i < parts.size(); i++) {
            Flow f = flow(n, i);
            inputs.add(f.node());
            sample = f.sample();
        }
        int a = ConstantFolding.normalize(axis, sample.dimension() + 1);
        if (a == 0) {
            throw new IllegalArgumentException("concatenation along the batch axis is not imported");
        }
        emit(n, new LayerSpec.Concat(a - 1), inputs, Map.of());
    }

    private void pad(NodeProto n) {
        Flow x = flow(n, 0);
        String mode = text(n, "mode", "constant");
        if (!mode.equals("constant")) {
            throw new IllegalArgumentException("mode '" + mode + "' is not imported (only 'constant')");
        }
        long[] pads = constant(n, 1, "pads").tensor().asLongs();
        Const value = optionalConstant(n, 2, "constant_value");
        int rank = x.sample().dimension() + 1;
        if (n.getInputCount() > 3 && !n.getInput(3).isEmpty()) {
            throw new IllegalArgumentException("the 'axes' input is not imported");
        }
        if (pads.length != 2 * rank) {
            throw new IllegalArgumentException("pads " + Arrays.toString(pads) + " do not fit a rank-" + rank + " tensor");
        }
        if (pads[0] != 0 || pads[rank] != 0) {
            throw new IllegalArgumentException("padding the batch axis is not imported");
        }
        List<Integer> before = new ArrayList<>();
        List<Integer> after = new ArrayList<>();
        for (int i = 1; i < rank; i++) {
            if (pads[i] < 0 || pads[rank + i] < 0) {
                throw new IllegalArgumentException("negative pads (cropping) are not imported, got " + Arrays.toString(pads));
            }
            before.add(Math.toIntExact(pads[i]));
            after.add(Math.toIntExact(pads[rank + i]));
        }
        if (before.stream().allMatch(p -> p == 0) && after.stream().allMatch(p -> p == 0)) {
            values.put(n.getOutput(0), x);
            return;
        }
        emit(n, new LayerSpec.Pad(before, after, value == null ? 0 : value.tensor().scalar()), List.of(x.node()), Map.of());
    }

    private void dropout(NodeProto n) {
        Flow x = flow(n, 0);
        double ratio = opset >= 12
                ? (n.getInputCount() > 1 && !n.getInput(1).isEmpty() ? constant(n, 1, "ratio").tensor().scalar() : 0.5)
                : real(n, "ratio", 0.5);
        if (n.getOutputCount() > 1) {
            values.put(n.getOutput(1), new Unavailable("dropout's mask (output 1), which Axiom keeps inside the layer"));
        }
        if (ratio == 0) {
            values.put(n.getOutput(0), x);
            return;
        }
        emit(n, new LayerSpec.Dropout(ratio), List.of(x.node()), Map.of());
    }

    // ---- constants ----

    private void constant(NodeProto n) {
        ConstantTensor t = null;
        for (AttributeProto a : n.getAttributeList()) {
            t = switch (a.getName()) {
                case "value" -> ConstantTensor.of(a.getT());
                case "value_float" -> ConstantTensor.ofReals(new long[0], shortest(a.getF()));
                case "value_floats" -> ConstantTensor.ofReals(new long[] {a.getFloatsCount()},
                        a.getFloatsList().stream().mapToDouble(ImportOps::shortest).toArray());
                case "value_int" -> ConstantTensor.ofInts(new long[0], a.getI());
                case "value_ints" -> ConstantTensor.ofInts(new long[] {a.getIntsCount()},
                        a.getIntsList().stream().mapToLong(Long::longValue).toArray());
                default -> throw new IllegalArgumentException("the attribute '" + a.getName() + "' is not imported");
            };
        }
        if (t == null) {
            throw new IllegalArgumentException("a Constant without a value");
        }
        values.put(n.getOutput(0), new Const(t, n.getOutput(0), false));
    }

    private void cast(NodeProto n) {
        TensorProto.DataType to = TensorProto.DataType.forNumber((int) integer(n, "to", 0));
        boolean real = to == TensorProto.DataType.FLOAT || to == TensorProto.DataType.DOUBLE;
        if (!real && !Set.of(TensorProto.DataType.INT64, TensorProto.DataType.INT32, TensorProto.DataType.INT16,
                TensorProto.DataType.INT8, TensorProto.DataType.UINT8, TensorProto.DataType.UINT16, TensorProto.DataType.BOOL).contains(to)) {
            throw new IllegalArgumentException("casting to " + to + " is not imported (only to float, double and integer types)");
        }
        if (values.get(n.getInput(0)) instanceof Const c) {
            ConstantTensor cast = ConstantFolding.cast(c.tensor(), !real);
            values.put(n.getOutput(0), new Const(cast, n.getOutput(0), false));
        } else if (real) {
            values.put(n.getOutput(0), flow(n, 0));
        } else {
            throw new IllegalArgumentException("casting computed tensors to " + to + " is not imported (only to float)");
        }
    }

    /** The shape of a computed tensor, its batch size the stand-in {@link ConstantTensor#BATCH}. */
    private void shape(NodeProto n) {
        long[] dims = value(n, 0) instanceof Flow f ? batched(ConstantTensor.BATCH, f.sample())
                : ((Const) value(n, 0)).tensor().dims();
        int rank = dims.length;
        long start = integer(n, "start", 0);
        long end = integer(n, "end", rank);
        int from = (int) Math.max(0, Math.min(rank, start < 0 ? start + rank : start));
        int to = (int) Math.max(from, Math.min(rank, end < 0 ? end + rank : end));
        values.put(n.getOutput(0), new Const(ConstantTensor.vector(Arrays.copyOfRange(dims, from, to)), n.getOutput(0), false));
    }

    private void gather(NodeProto n) {
        if (!(values.get(n.getInput(0)) instanceof Const data)) {
            throw new IllegalArgumentException("gathering from computed tensors is not imported (only from constants and shapes)");
        }
        ConstantTensor indices = constant(n, 1, "indices").tensor();
        values.put(n.getOutput(0), new Const(ConstantFolding.gather(data.tensor(), indices, (int) integer(n, "axis", 0)),
                n.getOutput(0), false));
    }

    private void slice(NodeProto n) {
        if (!(values.get(n.getInput(0)) instanceof Const data)) {
            throw new IllegalArgumentException("slicing computed tensors is not imported (only constants and shapes)");
        }
        long[] starts = constant(n, 1, "starts").tensor().asLongs();
        long[] ends = constant(n, 2, "ends").tensor().asLongs();
        Const axes = optionalConstant(n, 3, "axes");
        Const steps = optionalConstant(n, 4, "steps");
        values.put(n.getOutput(0), new Const(ConstantFolding.slice(data.tensor(), starts, ends,
                axes == null ? null : axes.tensor().asLongs(), steps == null ? null : steps.tensor().asLongs()), n.getOutput(0), false));
    }

    private void constantOfShape(NodeProto n) {
        long[] dims = constant(n, 0, "shape").tensor().asLongs();
        if (Arrays.stream(dims).anyMatch(d -> d < 0)) {
            throw new IllegalArgumentException("a constant of the batch's size cannot be made static");
        }
        AttributeProto value = n.getAttributeList().stream().filter(a -> a.getName().equals("value")).findFirst().orElse(null);
        ConstantTensor fill = value == null ? ConstantTensor.ofReals(new long[] {1}, 0) : ConstantTensor.of(value.getT());
        values.put(n.getOutput(0), new Const(ConstantFolding.filled(dims, fill), n.getOutput(0), false));
    }

    // ---- helpers ----

    private void unary(NodeProto n, LayerSpec spec) {
        emit(n, spec, List.of(flow(n, 0).node()), Map.of());
    }

    private void emit(NodeProto n, LayerSpec spec, List<String> inputs, Map<Parameter.Role, String> params) {
        values.put(n.getOutput(0), add(nodeName(n), spec, inputs, params));
    }

    /** Adds an Axiom node (named {@code preferred}, made unique) and returns its output. */
    private Flow add(String preferred, LayerSpec spec, List<String> inputs, Map<Parameter.Role, String> params) {
        String name = preferred;
        for (int i = 2; samples.containsKey(name) || name.equals(inputName); i++) {
            name = preferred + "#" + i;
        }
        List<Shape> shapes = inputs.stream().map(this::sampleOf).toList();
        Shape out = LayerSpecs.outputShape(spec, shapes, "the layer " + spec);
        nodes.add(new Node(name, spec, inputs, params));
        samples.put(name, out);
        return new Flow(name, out);
    }

    private Shape sampleOf(String node) {
        return node.equals(inputName) ? ((Flow) values.get(inputName)).sample() : samples.get(node);
    }

    private String nodeName(NodeProto n) {
        return n.getName().isEmpty() ? n.getOutput(0) : n.getName();
    }

    /**
     * A named array of the network (a parameter or a buffer): its values under its initializer's
     * (or value's) name. An initializer used a second time gets a copy of its own, named
     * {@code <name>#2} (and so on): PyTorch's exporter merges initializers with equal values (a
     * fresh batch norm's bias and running mean are both zeros), which are separate arrays to train.
     */
    private String parameter(Const c) {
        String name = c.name();
        for (int copy = 2; weights.containsKey(name); copy++) {
            name = c.name() + "#" + copy;
        }
        weights.put(name, c.tensor().asFloats());
        return name;
    }

    private Value value(NodeProto n, int i) {
        if (i >= n.getInputCount() || n.getInput(i).isEmpty()) {
            throw new IllegalArgumentException("input " + i + " is missing");
        }
        Value v = values.get(n.getInput(i));
        if (v == null) {
            throw new IllegalArgumentException("input '" + n.getInput(i) + "' is not computed by any earlier node (the graph is not"
                    + " in topological order, or the value is missing)");
        }
        if (v instanceof Unavailable u) {
            throw new IllegalArgumentException("input '" + n.getInput(i) + "' is " + u.why());
        }
        return v;
    }

    private Flow flow(NodeProto n, int i) {
        if (value(n, i) instanceof Flow f) {
            return f;
        }
        throw new IllegalArgumentException("input " + i + " ('" + n.getInput(i) + "') is a constant; Axiom imports this operator"
                + " on tensors computed from the network's input");
    }

    private Const constant(NodeProto n, int i, String what) {
        if (value(n, i) instanceof Const c) {
            return c;
        }
        throw new IllegalArgumentException("the " + what + " (input " + i + ", '" + n.getInput(i) + "') is computed from the"
                + " network's input; Axiom imports it only as a constant (an initializer or a folded constant)");
    }

    private Const optionalConstant(NodeProto n, int i, String what) {
        return i < n.getInputCount() && !n.getInput(i).isEmpty() ? constant(n, i, what) : null;
    }

    private long[] kernel(NodeProto n) {
        long[] k = ints(n, "kernel_shape", null);
        if (k == null) {
            throw new IllegalArgumentException("the attribute 'kernel_shape' is required");
        }
        return k;
    }

    /** The window of a 2-D convolution or pooling from its attributes, padding resolved for {@code auto_pad}. */
    private Window2d window(NodeProto n, Shape sample, long[] kernel, boolean pooling) {
        if (kernel.length != 2 || sample.dimension() != 3) {
            throw new IllegalArgumentException("only 2-D windows over (C, H, W) samples are imported, got a "
                    + kernel.length + "-D kernel over samples of shape " + sample);
        }
        long[] strides = ints(n, "strides", new long[] {1, 1});
        long[] dilations = ints(n, "dilations", new long[] {1, 1});
        long[] pads = ints(n, "pads", new long[] {0, 0, 0, 0});
        boolean ceil = pooling && integer(n, "ceil_mode", 0) != 0;
        String autoPad = text(n, "auto_pad", "NOTSET");
        if (!autoPad.equals("NOTSET")) {
            pads = new long[4];
            if (autoPad.startsWith("SAME")) {
                for (int axis = 0; axis < 2; axis++) {
                    long size = sample.get(axis + 1);
                    long out = (size + strides[axis] - 1) / strides[axis];
                    long total = Math.max(0, (out - 1) * strides[axis] + dilations[axis] * (kernel[axis] - 1) + 1 - size);
                    long small = total / 2;
                    pads[axis] = autoPad.equals("SAME_LOWER") ? total - small : small;
                    pads[axis + 2] = total - pads[axis];
                }
            } else if (!autoPad.equals("VALID")) {
                throw new IllegalArgumentException("auto_pad '" + autoPad + "' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID");
            }
        }
        return new Window2d(Math.toIntExact(kernel[0]), Math.toIntExact(kernel[1]), Math.toIntExact(strides[0]),
                Math.toIntExact(strides[1]), Math.toIntExact(pads[0]), Math.toIntExact(pads[1]), Math.toIntExact(pads[2]),
                Math.toIntExact(pads[3]), Math.toIntExact(dilations[0]), Math.toIntExact(dilations[1]), ceil);
    }

    private static AttributeProto attribute(NodeProto n, String name) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    private static long integer(NodeProto n, String name, long fallback) {
        AttributeProto a = attribute(n, name);
        return a == null ? fallback : a.getI();
    }

    /** A float attribute as the shortest decimal that rounds to it (ONNX stores float32: 1e-5 stays 1e-5). */
    private static double real(NodeProto n, String name, double fallback) {
        AttributeProto a = attribute(n, name);
        return a == null ? fallback : shortest(a.getF());
    }

    private static double shortest(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    private static long[] ints(NodeProto n, String name, long[] fallback) {
        AttributeProto a = attribute(n, name);
        return a == null ? fallback : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    private static String text(NodeProto n, String name, String fallback) {
        AttributeProto a = attribute(n, name);
        return a == null ? fallback : a.getS().toStringUtf8();
    }

    private static long[] batched(long batch, Shape sample) {
        long[] dims = new long[sample.dimension() + 1];
        dims[0] = batch;
        System.arraycopy(sample.getShape(), 0, dims, 1, sample.dimension());
        return dims;
    }

    private static String describe(long[] dims) {
        return Arrays.toString(Arrays.stream(dims).mapToObj(d -> d == ConstantTensor.BATCH ? "N" : String.valueOf(d)).toArray());
    }

    private OnnxImportException error(String message) {
        String name = current.getName().isEmpty() ? "#" + currentIndex : current.getName();
        return new OnnxImportException(source + ": node '" + name + "' (" + current.getOpType() + "): " + message);
    }
}
