package dev.axiom.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.axiom.nn.ForwardMode;
import dev.axiom.nn.Network;
import dev.axiom.tensor.Autograd;
import dev.axiom.tensor.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ONNX's own conformance tests (Debian's {@code libonnx-testdata}: one-node models with input and
 * expected-output tensors) for every operator Axiom imports, in the opsets it accepts. Operators
 * that become layers run as a network on input 0 (the other inputs bound as constants); the
 * operators of constant subgraphs are folded with every input bound. Each test either reproduces
 * ONNX's expected output within 1e-5, or is in {@link #REFUSED} with the error Axiom gives.
 */
class OnnxConformanceTest {

    static final Path NODE_TESTS = Path.of("/usr/share/libonnx-testdata/data/node");

    /** Operators that become network layers. */
    static final Set<String> LAYER_OPS = Set.of("Conv", "Gemm", "MatMul", "BatchNormalization", "Relu", "LeakyRelu", "Clip",
            "Sigmoid", "Tanh", "Softplus", "MaxPool", "AveragePool", "GlobalAveragePool", "ReduceMean", "Flatten", "Reshape",
            "Squeeze", "Unsqueeze", "Add", "Mul", "Concat", "Pad", "Dropout", "Identity");

    /** Operators that are folded at import when their inputs are constants. */
    static final Set<String> FOLDED_OPS = Set.of("Constant", "Cast", "Shape", "Gather", "Slice", "Sub", "Div", "ConstantOfShape",
            "Squeeze", "Unsqueeze", "Concat", "Add", "Mul");

    /** Tests of imported operators in accepted opsets that Axiom refuses, with (part of) its error. */
    static final Map<String, String> REFUSED = new LinkedHashMap<>();

    static {
        // Each refusal is Axiom's own one-line import error, deliberately: integer and float16 samples,
        // 1-D and 3-D windows, per-sample scalars concatenated with constants, layouts that mix the
        // batch axis into the samples (flatten from another axis, squeeze/unsqueeze/reshape/concat of
        // axis 0, transA), reductions over other axes, Gemm's alpha and beta, non-constant padding
        // modes, column-major max-pool indices, and optional or sequence values.
        REFUSED.put("test_add_uint8", "input 'x' has element type UINT8; Axiom networks take float ");
        REFUSED.put("test_averagepool_1d_default", "only 2-D windows over (C, H, W) samples are imported, got a ");
        REFUSED.put("test_averagepool_3d_default", "only 2-D windows over (C, H, W) samples are imported, got a ");
        REFUSED.put("test_cast_BFLOAT16_to_FLOAT (folded)", "input 'input' has element type BFLOAT16, which Axiom does no");
        REFUSED.put("test_cast_DOUBLE_to_FLOAT16 (folded)", "output 'output' has element type FLOAT16, which Axiom does n");
        REFUSED.put("test_cast_FLOAT16_to_DOUBLE (folded)", "input 'input' has element type FLOAT16, which Axiom does not");
        REFUSED.put("test_cast_FLOAT16_to_FLOAT (folded)", "input 'input' has element type FLOAT16, which Axiom does not");
        REFUSED.put("test_cast_FLOAT_to_BFLOAT16 (folded)", "output 'output' has element type BFLOAT16, which Axiom does ");
        REFUSED.put("test_cast_FLOAT_to_FLOAT16 (folded)", "output 'output' has element type FLOAT16, which Axiom does n");
        REFUSED.put("test_cast_FLOAT_to_STRING (folded)", "output 'output' has element type STRING, which Axiom does no");
        REFUSED.put("test_cast_STRING_to_FLOAT (folded)", "input 'input' has element type STRING, which Axiom does not ");
        REFUSED.put("test_castlike_BFLOAT16_to_FLOAT_expanded (folded)", "input 'input' has element type BFLOAT16, which Axiom does no");
        REFUSED.put("test_castlike_DOUBLE_to_FLOAT16_expanded (folded)", "input 'like' has element type FLOAT16, which Axiom does not ");
        REFUSED.put("test_castlike_FLOAT16_to_DOUBLE_expanded (folded)", "input 'input' has element type FLOAT16, which Axiom does not");
        REFUSED.put("test_castlike_FLOAT16_to_FLOAT_expanded (folded)", "input 'input' has element type FLOAT16, which Axiom does not");
        REFUSED.put("test_castlike_FLOAT_to_BFLOAT16_expanded (folded)", "input 'like' has element type BFLOAT16, which Axiom does not");
        REFUSED.put("test_castlike_FLOAT_to_FLOAT16_expanded (folded)", "input 'like' has element type FLOAT16, which Axiom does not ");
        REFUSED.put("test_castlike_FLOAT_to_STRING_expanded (folded)", "input 'like' has element type STRING, which Axiom does not r");
        REFUSED.put("test_castlike_STRING_to_FLOAT_expanded (folded)", "input 'input' has element type STRING, which Axiom does not ");
        REFUSED.put("test_clip_default_int8_inbounds", "input 'x' has element type INT8; Axiom networks take float s");
        REFUSED.put("test_clip_default_int8_max", "input 'x' has element type INT8; Axiom networks take float s");
        REFUSED.put("test_clip_default_int8_min", "input 'x' has element type INT8; Axiom networks take float s");
        REFUSED.put("test_concat_1d_axis_0", "input 1 ('value1') is a constant; Axiom imports this operato");
        REFUSED.put("test_concat_1d_axis_negative_1", "input 1 ('value1') is a constant; Axiom imports this operato");
        REFUSED.put("test_concat_2d_axis_0", "input 1 ('value1') is a constant; Axiom imports this operato");
        REFUSED.put("test_concat_2d_axis_1", "input 1 ('value1') is a constant; Axiom imports this operato");
        REFUSED.put("test_concat_2d_axis_negative_1", "input 1 ('value1') is a constant; Axiom imports this operato");
        REFUSED.put("test_concat_2d_axis_negative_2", "input 1 ('value1') is a constant; Axiom imports this operato");
        REFUSED.put("test_concat_3d_axis_0", "input 1 ('value1') is a constant; Axiom imports this operato");
        REFUSED.put("test_concat_3d_axis_1", "input 1 ('value1') is a constant; Axiom imports this operato");
        REFUSED.put("test_concat_3d_axis_2", "input 1 ('value1') is a constant; Axiom imports this operato");
        REFUSED.put("test_concat_3d_axis_negative_1", "input 1 ('value1') is a constant; Axiom imports this operato");
        REFUSED.put("test_concat_3d_axis_negative_2", "input 1 ('value1') is a constant; Axiom imports this operato");
        REFUSED.put("test_concat_3d_axis_negative_3", "input 1 ('value1') is a constant; Axiom imports this operato");
        REFUSED.put("test_edge_pad", "input 'x' has element type INT32; Axiom networks take float ");
        REFUSED.put("test_flatten_axis0", "flattening from axis 0 mixes the batch axis into the samples");
        REFUSED.put("test_flatten_axis2", "flattening from axis 2 mixes the batch axis into the samples");
        REFUSED.put("test_flatten_axis3", "flattening from axis 3 mixes the batch axis into the samples");
        REFUSED.put("test_flatten_negative_axis1", "flattening from axis 3 mixes the batch axis into the samples");
        REFUSED.put("test_flatten_negative_axis2", "flattening from axis 2 mixes the batch axis into the samples");
        REFUSED.put("test_flatten_negative_axis4", "flattening from axis 0 mixes the batch axis into the samples");
        REFUSED.put("test_gemm_all_attributes", "transA = 1 (the samples transposed) is not supported");
        REFUSED.put("test_gemm_alpha", "alpha = 0.5 is not supported (only 1)");
        REFUSED.put("test_gemm_beta", "beta = 0.5 is not supported (only 1)");
        REFUSED.put("test_gemm_transposeA", "transA = 1 (the samples transposed) is not supported");
        REFUSED.put("test_identity_opt", "input 'opt_in' is not a tensor (OPTIONAL_TYPE); Axiom import");
        REFUSED.put("test_identity_sequence", "input 'x' is not a tensor (SEQUENCE_TYPE); Axiom imports net");
        REFUSED.put("test_matmul_3d", "a linear layer needs vector samples and a 2-D weight, got sa");
        REFUSED.put("test_matmul_4d", "a linear layer needs vector samples and a 2-D weight, got sa");
        REFUSED.put("test_maxpool_1d_default", "only 2-D windows over (C, H, W) samples are imported, got a ");
        REFUSED.put("test_maxpool_2d_uint8", "input 'x' has element type UINT8; Axiom networks take float ");
        REFUSED.put("test_maxpool_3d_default", "only 2-D windows over (C, H, W) samples are imported, got a ");
        REFUSED.put("test_maxpool_with_argmax_2d_precomputed_strides", "storage_order = 1 (column-major indices) is not supported");
        REFUSED.put("test_mul_uint8", "input 'x' has element type UINT8; Axiom networks take float ");
        REFUSED.put("test_reduce_mean_default_axes_keepdims_example", "only the mean over the two spatial axes of (N, C, H, W) is i");
        REFUSED.put("test_reduce_mean_default_axes_keepdims_random", "only the mean over the two spatial axes of (N, C, H, W) is i");
        REFUSED.put("test_reduce_mean_do_not_keepdims_example", "only the mean over the two spatial axes of (N, C, H, W) is i");
        REFUSED.put("test_reduce_mean_do_not_keepdims_random", "only the mean over the two spatial axes of (N, C, H, W) is i");
        REFUSED.put("test_reduce_mean_keepdims_example", "only the mean over the two spatial axes of (N, C, H, W) is i");
        REFUSED.put("test_reduce_mean_keepdims_random", "only the mean over the two spatial axes of (N, C, H, W) is i");
        REFUSED.put("test_reduce_mean_negative_axes_keepdims_example", "only the mean over the two spatial axes of (N, C, H, W) is i");
        REFUSED.put("test_reduce_mean_negative_axes_keepdims_random", "only the mean over the two spatial axes of (N, C, H, W) is i");
        REFUSED.put("test_reflect_pad", "input 'x' has element type INT32; Axiom networks take float ");
        REFUSED.put("test_reshape_allowzero_reordered", "the target shape [3, 4, 0] does not keep the batch axis firs");
        REFUSED.put("test_reshape_negative_extended_dims", "the target shape [-1, 2, 3, 4] does not keep the batch axis ");
        REFUSED.put("test_reshape_one_dim", "the target shape [24] does not keep the batch axis first (ex");
        REFUSED.put("test_reshape_reordered_all_dims", "the target shape [4, 2, 3] does not keep the batch axis firs");
        REFUSED.put("test_squeeze", "the axes [0] would move the batch axis");
        REFUSED.put("test_unsqueeze_axis_0", "the axes [0] would move the batch axis");
    }

    /** One conformance test, run as a network ({@code folded} false) or folded with every input bound. */
    record Case(String name, Path dir, String op, int opset, boolean folded) {
        @Override
        public String toString() {
            return name + (folded ? " (folded)" : "");
        }
    }

    static List<Case> cases() throws IOException {
        if (!Files.isDirectory(NODE_TESTS)) {
            throw new IllegalStateException("ONNX's conformance data are not installed: apt-get install libonnx-testdata (./axiom test does)");
        }
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(NODE_TESTS)) {
            for (Path dir : dirs.sorted().toList()) {
                ModelProto model = OnnxImporter.parse(dir.resolve("model.onnx"));
                if (model.getGraph().getNodeCount() != 1) {
                    continue;
                }
                NodeProto node = model.getGraph().getNode(0);
                if (!LAYER_OPS.contains(node.getOpType()) && !FOLDED_OPS.contains(node.getOpType())) {
                    continue;
                }
                int opset = model.getOpsetImportList().stream().filter(o -> o.getDomain().isEmpty()).mapToInt(o -> (int) o.getVersion())
                        .findFirst().orElse(-1);
                String name = dir.getFileName().toString();
                if (LAYER_OPS.contains(node.getOpType())) {
                    cases.add(new Case(name, dir, node.getOpType(), opset, false));
                }
                if (FOLDED_OPS.contains(node.getOpType())) {
                    cases.add(new Case(name, dir, node.getOpType(), opset, true));
                }
            }
        }
        return cases;
    }

    /**
     * Operators whose definition has not changed from the given opset up to the last one Axiom
     * reads: their tests, written at an older opset, are run as opset-{@value OnnxImporter#MIN_OPSET}
     * models (ONNX's operator changelog: Softplus-1, GlobalAveragePool-1 and ConstantOfShape-9 are
     * the versions of opsets 11 to 17).
     */
    static final Map<String, Integer> UNCHANGED_SINCE = Map.of("Softplus", 1, "GlobalAveragePool", 1, "ConstantOfShape", 9);

    static boolean acceptedOpset(Case c) {
        boolean inRange = c.opset >= OnnxImporter.MIN_OPSET && c.opset <= OnnxImporter.MAX_OPSET;
        return inRange || (c.opset < OnnxImporter.MIN_OPSET && c.opset >= UNCHANGED_SINCE.getOrDefault(c.op, Integer.MAX_VALUE));
    }

    static Stream<Case> accepted() throws IOException {
        return cases().stream().filter(OnnxConformanceTest::acceptedOpset);
    }


    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void reproducesTheExpectedOutputOrIsAListedRefusal(Case c) throws IOException {
        String refusal = REFUSED.get(c.toString());
        if (refusal != null) {
            assertThatThrownBy(() -> run(c)).as(c + " is listed as refused").isInstanceOf(OnnxImportException.class)
                    .hasMessageContaining(refusal);
            return;
        }
        Outcome outcome;
        try {
            outcome = run(c);
        } catch (RuntimeException e) {
            throw new AssertionError("REFUSAL\t" + c + "\t" + e.getMessage(), e);
        }
        assertThat(outcome.error()).as("%s: max |axiom − expected| / max(1, max |expected|)", c.name()).isLessThanOrEqualTo(1e-5);
    }

    @Test
    void everyImportedOperatorHasConformanceTests() throws IOException {
        Set<String> tested = new HashSet<>();
        accepted().filter(c -> !REFUSED.containsKey(c.toString())).forEach(c -> tested.add(c.op()));
        Set<String> imported = new HashSet<>(ImportOps.SUPPORTED);
        imported.removeAll(tested);
        // ONNX's ReduceMean tests reduce axis 1 or every axis of rank-3 tensors; the global average
        // pooling form Axiom imports (axes 2 and 3 of (N, C, H, W)) is checked by ImportedFixturesTest
        // on PyTorch's resnet8 export, which writes x.mean((2, 3)) that way.
        imported.remove("ReduceMean");
        assertThat(imported).as("imported operators without a passing conformance test").isEmpty();
    }

    record Outcome(double error) {}

    /** Runs a test: the largest difference from the expected output, relative to max(1, its largest value). */
    static Outcome run(Case c) throws IOException {
        ModelProto model = OnnxImporter.parse(c.dir().resolve("model.onnx"));
        OnnxImporter.requireTensors(model, c.name() + "/model.onnx");
        if (c.opset() < OnnxImporter.MIN_OPSET && acceptedOpset(c)) {
            model = model.toBuilder().clearOpsetImport().addOpsetImport(ai.onnx.proto.OnnxMl.OperatorSetIdProto.newBuilder()
                    .setDomain("").setVersion(OnnxImporter.MIN_OPSET)).build();
        }
        Path data = c.dir().resolve("test_data_set_0");
        Set<String> initializers = new HashSet<>();
        model.getGraph().getInitializerList().forEach(t -> initializers.add(t.getName()));
        List<ValueInfoProto> inputs = model.getGraph().getInputList().stream().filter(i -> !initializers.contains(i.getName())).toList();
        Map<String, ConstantTensor> values = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            values.put(inputs.get(i).getName(), ConstantTensor.of(GoldenTensors.proto(data.resolve("input_" + i + ".pb"))));
        }
        String output = model.getGraph().getOutput(0).getName();
        String source = c.name() + "/model.onnx";
        if (c.folded()) {
            ConstantTensor folded = OnnxImporter.fold(model, source, values, output);
            ConstantTensor expected = expected(data);
            assertThat(folded.dims()).as(c.name() + " output shape").isEqualTo(expected.dims());
            return new Outcome(difference(folded.asReals(), expected));
        }
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("the graph has no input to run a network on");
        }
        Map<String, ConstantTensor> bound = new LinkedHashMap<>(values);
        ConstantTensor samples = bound.remove(inputs.get(0).getName());
        ImportedModel imported = OnnxImporter.translate(model, source, bound, output);
        NodeProto node = model.getGraph().getNode(0);
        boolean dropoutTraining = node.getOpType().equals("Dropout") && node.getInputCount() > 2
                && values.containsKey(node.getInput(2)) && values.get(node.getInput(2)).asLongs()[0] != 0;
        boolean training = dropoutTraining
                || node.getAttributeList().stream().anyMatch(a -> a.getName().equals("training_mode") && a.getI() == 1);
        ConstantTensor expected = expected(data);
        try (Network net = imported.network(DataType.FLOAT64, 0, true); NDScope scope = new NDScope()) {
            NDArray x = GoldenTensors.array(net.manager(), samples, DataType.FLOAT64);
            ForwardMode mode = training ? ForwardMode.trainingWithoutStatisticsUpdate(new Rng(0)) : ForwardMode.inference();
            NDArray y = Autograd.notRecording(() -> net.forward(x, mode).output());
            assertThat(y.getShape().getShape()).as(c.name() + " output shape").isEqualTo(expected.dims());
            if (dropoutTraining) {
                double ratio = values.get(node.getInput(1)).scalar();
                return new Outcome(dropoutDeviation(x.toDoubleArray(), y.toDoubleArray(), ratio));
            }
            return new Outcome(difference(y.toDoubleArray(), expected));
        }
    }

    /**
     * Training-mode dropout draws its mask from ONNX Runtime's generator, which no other
     * implementation reproduces: instead, every output must be 0 or {@code x / (1 − ratio)}
     * (within 1e-12), and the dropped share within 5 standard deviations of {@code ratio}; the
     * result is 0 when both hold.
     */
    private static double dropoutDeviation(double[] x, double[] y, double ratio) {
        int dropped = 0;
        for (int i = 0; i < x.length; i++) {
            boolean kept = Math.abs(y[i] - x[i] / (1 - ratio)) <= 1e-12 * Math.max(1, Math.abs(y[i]));
            if (!kept && y[i] != 0) {
                return Double.POSITIVE_INFINITY;
            }
            dropped += kept && x[i] != 0 ? 0 : 1;
        }
        double sd = Math.sqrt(x.length * ratio * (1 - ratio));
        return Math.abs(dropped - x.length * ratio) <= 5 * sd + 1 ? 0 : Double.POSITIVE_INFINITY;
    }

    private static ConstantTensor expected(Path data) {
        return ConstantTensor.of(GoldenTensors.proto(data.resolve("output_0.pb")));
    }

    private static double difference(double[] actual, ConstantTensor expected) {
        double[] e = expected.asReals();
        assertThat(actual).hasSameSizeAs(e);
        double diff = 0;
        double scale = 1;
        for (int i = 0; i < e.length; i++) {
            diff = Math.max(diff, Math.abs(actual[i] - e[i]));
            scale = Math.max(scale, Math.abs(e[i]));
        }
        return diff / scale;
    }
}
