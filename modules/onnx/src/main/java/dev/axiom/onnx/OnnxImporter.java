package dev.axiom.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads an ONNX model, as PyTorch's exporter writes it (opsets {@value #MIN_OPSET} to
 * {@value #MAX_OPSET}, eval-mode and training-mode exports), into an Axiom network: every node
 * becomes a layer with its input-gradient rule, every initializer a parameter that keeps its
 * name, and the constant subgraphs the exporter emits (shape arithmetic, {@code Constant},
 * {@code Cast} of constants) are folded away. {@link ImportOps#SUPPORTED} lists the operators.
 *
 * <pre>{@code
 * ImportedModel model = OnnxImporter.read(Path.of("resnet.onnx"));
 * try (Network net = model.network(DataType.FLOAT32, 0, true)) { ... }
 * }</pre>
 */
public final class OnnxImporter {

    /** The lowest operator set read. */
    public static final int MIN_OPSET = 11;
    /** The highest operator set read. */
    public static final int MAX_OPSET = 17;

    private static final java.util.Set<ai.onnx.proto.OnnxMl.TensorProto.DataType> READABLE = java.util.EnumSet.of(
            ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT, ai.onnx.proto.OnnxMl.TensorProto.DataType.DOUBLE,
            ai.onnx.proto.OnnxMl.TensorProto.DataType.INT64, ai.onnx.proto.OnnxMl.TensorProto.DataType.INT32,
            ai.onnx.proto.OnnxMl.TensorProto.DataType.INT16, ai.onnx.proto.OnnxMl.TensorProto.DataType.INT8,
            ai.onnx.proto.OnnxMl.TensorProto.DataType.UINT16, ai.onnx.proto.OnnxMl.TensorProto.DataType.UINT8,
            ai.onnx.proto.OnnxMl.TensorProto.DataType.BOOL);

    private OnnxImporter() {}

    /**
     * Reads {@code file}.
     *
     * @throws OnnxImportException naming the file and the node or problem (not ONNX, truncated,
     *     an opset outside the range, an unsupported operator or attribute, a shape that cannot be
     *     made static)
     */
    public static ImportedModel read(Path file) {
        return translate(parse(file), file.toString(), Map.of(), null);
    }

    /** Parses the protobuf of {@code file}. */
    static ModelProto parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            ModelProto model = ModelProto.parseFrom(in);
            if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
                throw new OnnxImportException(file + " is not an ONNX model (no graph, or a graph without nodes)");
            }
            return model;
        } catch (NoSuchFileException e) {
            throw new OnnxImportException("ONNX model " + file + " does not exist");
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxImportException(file + " is not a valid ONNX model (truncated or corrupt: " + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new OnnxImportException("cannot read ONNX model " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Translates a parsed model.
     *
     * @param bound graph inputs to treat as constants (the others: exactly one, the samples)
     * @param output the graph output to import, or null for the only one
     */
    static ImportedModel translate(ModelProto model, String source, Map<String, ConstantTensor> bound, String output) {
        int opset = opset(model, source);
        requireTensors(model, source);
        return new ImportOps(source, opset).translate(model.getGraph(), bound, output);
    }

    /** Evaluates a model whose inputs are all {@code bound}: the constant value of {@code output}. */
    static ConstantTensor fold(ModelProto model, String source, Map<String, ConstantTensor> bound, String output) {
        int opset = opset(model, source);
        requireTensors(model, source);
        return new ImportOps(source, opset).fold(model.getGraph(), bound, output);
    }

    /** Every graph input and output must be a tensor (not an optional, a sequence or a map) of a type Axiom reads. */
    static void requireTensors(ModelProto model, String source) {
        for (var value : model.getGraph().getInputList()) {
            if (!value.getType().hasTensorType()) {
                throw new OnnxImportException(source + ": input '" + value.getName() + "' is not a tensor ("
                        + value.getType().getValueCase() + "); Axiom imports networks of tensors");
            }
            var type = ai.onnx.proto.OnnxMl.TensorProto.DataType.forNumber(value.getType().getTensorType().getElemType());
            if (type == null || !READABLE.contains(type)) {
                throw new OnnxImportException(source + ": input '" + value.getName() + "' has element type " + type
                        + ", which Axiom does not read (it reads " + READABLE + ")");
            }
        }
        for (var value : model.getGraph().getOutputList()) {
            if (!value.getType().hasTensorType()) {
                throw new OnnxImportException(source + ": output '" + value.getName() + "' is not a tensor ("
                        + value.getType().getValueCase() + "); Axiom imports networks of tensors");
            }
            var type = ai.onnx.proto.OnnxMl.TensorProto.DataType.forNumber(value.getType().getTensorType().getElemType());
            if (type == null || !READABLE.contains(type)) {
                throw new OnnxImportException(source + ": output '" + value.getName() + "' has element type " + type
                        + ", which Axiom does not compute (it computes " + READABLE + ")");
            }
        }
    }

    private static int opset(ModelProto model, String source) {
        for (OperatorSetIdProto set : model.getOpsetImportList()) {
            if (set.getDomain().isEmpty() || set.getDomain().equals("ai.onnx")) {
                long v = set.getVersion();
                if (v < MIN_OPSET || v > MAX_OPSET) {
                    throw new OnnxImportException(source + ": opset " + v + " is outside the range Axiom reads, "
                            + MIN_OPSET + " to " + MAX_OPSET + "; export with opset_version between them");
                }
                return (int) v;
            }
        }
        throw new OnnxImportException(source + ": the model imports no version of the standard ONNX operator set");
    }
}
