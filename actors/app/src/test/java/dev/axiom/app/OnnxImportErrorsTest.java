package dev.axiom.app;

import static dev.axiom.app.ImportedModels.concat;
import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.api.SoftAssertions;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models Axiom cannot import, through {@code axiom train}: each ends with exit code 2 and exactly
 * one {@code axiom: error:} line, without a stack trace, naming the file and the problem (and the
 * node and its op type where there is one). The bad files are made here from the committed PyTorch
 * fixtures or with the ONNX protobuf builders; no binary is committed for them.
 */
class OnnxImportErrorsTest {

    @TempDir
    static Path tmp;

    private static Path table;

    private static ModelProto tabular;

    @BeforeAll
    static void fixtures() throws IOException {
        table = ImportedModels.table(tmp.resolve("table.csv"), 60, 3, 7);
        tabular = ModelProto.parseFrom(Files.readAllBytes(ImportedModels.trainExport("tabular")));
    }

    private static int runs;

    /** {@code axiom train} of {@code model} on the 12-feature 3-class table, with {@code more} settings. */
    private static Outcome train(Path model, List<String> data, String... more) {
        return ImportedModels.train(tmp.resolve("run-" + ++runs), concat(data, ImportedModels.onnx(model),
                List.of("axiom.prior.kind=none", "axiom.train.epochs=1"), Arrays.asList(more)));
    }

    private static Outcome trainOnTable(Path model) {
        return train(model, ImportedModels.tableSettings(table));
    }

    private static Path write(String name, ModelProto model) throws IOException {
        return Files.write(tmp.resolve(name), model.toByteArray());
    }

    @Test
    void theUnmodifiedFixtureTrains() {
        // The control: the errors below come from what was changed, not from the setting.
        ImportedModels.ok(trainOnTable(ImportedModels.trainExport("tabular")));
    }

    @Test
    void anUnsupportedOperatorNamesTheNodeAndItsOpType() throws IOException {
        ModelProto.Builder b = tabular.toBuilder();
        GraphProto.Builder g = b.getGraphBuilder();
        int index = -1;
        for (int i = 0; i < g.getNodeCount(); i++) {
            if (g.getNode(i).getOpType().equals("Tanh")) {
                index = i;
            }
        }
        assertThat(index).as("the tabular fixture has a Tanh node").isNotNegative();
        String name = g.getNode(index).getName();
        assertThat(name).isNotEmpty();
        g.setNode(index, g.getNode(index).toBuilder().setOpType("LSTM"));
        Path file = write("lstm.onnx", b.build());

        Outcome o = trainOnTable(file);

        ImportedModels.assertUserError(o, ".onnx: node '" + name + "' (LSTM)", "not import", "Conv", "Gemm");
    }

    @Test
    void aDynamicReshapeNamesTheNode() throws IOException {
        // x (N, 12) -> Relu -> r; Reshape(x, shape = r): the target shape is computed from the data.
        GraphProto graph = GraphProto.newBuilder()
                .setName("dynamic")
                .addInput(tensor("x", TensorProto.DataType.FLOAT, "N", 12))
                .addOutput(tensor("logits", TensorProto.DataType.FLOAT, "N", 3))
                .addInitializer(floats("W", new long[] {3, 12}))
                .addInitializer(floats("b", new long[] {3}))
                .addNode(NodeProto.newBuilder().setName("relu").setOpType("Relu").addInput("x").addOutput("r"))
                .addNode(NodeProto.newBuilder().setName("data_shaped_reshape").setOpType("Reshape").addInput("x").addInput("r").addOutput("y"))
                .addNode(NodeProto.newBuilder().setName("fc").setOpType("Gemm").addInput("y").addInput("W").addInput("b").addOutput("logits")
                        .addAttribute(AttributeProto.newBuilder().setName("transB").setType(AttributeProto.AttributeType.INT).setI(1)))
                .build();
        ModelProto model = ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("OnnxImportErrorsTest")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(graph)
                .build();
        Path file = write("dynamic-reshape.onnx", model);

        Outcome o = trainOnTable(file);

        ImportedModels.assertUserError(o, ".onnx: node 'data_shaped_reshape' (Reshape)", "computed from the data", "dynamic");
    }

    @Test
    void opsetNineIsOutsideTheRange() throws IOException {
        ModelProto.Builder b = tabular.toBuilder().clearOpsetImport()
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(9));
        Path file = write("opset9.onnx", b.build());

        Outcome o = trainOnTable(file);

        ImportedModels.assertUserError(o, ".onnx: opset 9", "11 to 17");
    }

    @Test
    void aTruncatedFileIsNamed() throws IOException {
        byte[] bytes = Files.readAllBytes(ImportedModels.trainExport("tabular"));
        Path file = Files.write(tmp.resolve("truncated.onnx"), Arrays.copyOf(bytes, bytes.length / 2));

        Outcome o = trainOnTable(file);

        ImportedModels.assertUserError(o, ".onnx is not a valid ONNX model", "truncated");
    }

    @Test
    void anInputShapeThatDoesNotFitTheDataIsNamed() {
        // The tabular fixture (12 features) on 1x28x28 images.
        Outcome o = train(ImportedModels.trainExport("tabular"), ImportedModels.fashionSlice(tmp.resolve("images"), 30, 10));

        ImportedModels.assertUserError(o, "axiom.model.onnx.file", "takes samples of shape (12)", "samples of shape (1, 28, 28)");
    }

    @Test
    void outputsThatDoNotFitTheClassesAreNamed() {
        // Three logits, four classes.
        Path four = ImportedModels.table(tmp.resolve("four-classes.csv"), 80, 4, 8);
        Outcome o = train(ImportedModels.trainExport("tabular"), ImportedModels.tableSettings(four));

        ImportedModels.assertUserError(o, "axiom.model.onnx.file", "outputs of shape (3)", "need 4");
    }

    /**
     * The errors name the file the user gave in {@code axiom.model.onnx.file}, not the run
     * directory's copy of it (a bug found by this test: the first session used to read the copy);
     * a folder given as the model is refused naming it.
     */
    @Test
    void theErrorNamesTheFileTheUserGave() throws IOException {
        ModelProto.Builder b = tabular.toBuilder();
        GraphProto.Builder g = b.getGraphBuilder();
        for (int i = 0; i < g.getNodeCount(); i++) {
            if (g.getNode(i).getOpType().equals("Sigmoid")) {
                g.setNode(i, g.getNode(i).toBuilder().setOpType("Erf"));
            }
        }
        Path file = write("user-model-with-erf.onnx", b.build());
        Path folder = Files.createDirectories(tmp.resolve("a-folder-not-a-model"));

        Outcome unsupported = trainOnTable(file);
        Outcome directory = trainOnTable(folder);

        ImportedModels.assertUserError(unsupported, "(Erf)");
        ImportedModels.assertUserError(directory, "model");
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(unsupported.err()).as("the error names the user's file").contains(file.toString());
        soft.assertThat(directory.err()).as("the error names the user's path").contains(folder.toString());
        soft.assertAll();
    }

    @Test
    void aMissingFileIsNamed() {
        Path absent = tmp.resolve("absent.onnx");

        Outcome o = trainOnTable(absent);

        ImportedModels.assertUserError(o, "axiom.model.onnx.file", absent.toString());
    }

    @Test
    void anOnnxArchitectureWithoutAFileIsNamed() {
        Outcome o = ImportedModels.train(tmp.resolve("no-file"), concat(ImportedModels.tableSettings(table),
                List.of("axiom.model.architecture=onnx", "axiom.prior.kind=none", "axiom.train.epochs=1")));

        ImportedModels.assertUserError(o, "axiom.model.onnx.file");
    }

    private static ValueInfoProto tensor(String name, TensorProto.DataType type, String batch, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(batch));
        for (long d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)))
                .build();
    }

    private static TensorProto floats(String name, long[] dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber());
        long n = 1;
        for (long d : dims) {
            t.addDims(d);
            n *= d;
        }
        for (int i = 0; i < n; i++) {
            t.addFloatData(0.01f * ((i * 7) % 13 - 6));
        }
        return t.build();
    }
}
