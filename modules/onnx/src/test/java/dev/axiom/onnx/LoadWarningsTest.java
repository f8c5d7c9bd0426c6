package dev.axiom.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.axiom.nn.LayerSpecs;
import dev.axiom.nn.Network;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime logs nothing at warning level while loading (and shape-inferring) an export. Its
 * log goes to the native standard error, so each load runs in a child JVM whose output is read.
 */
class LoadWarningsTest {

    @TempDir
    Path dir;

    @Test
    void exportsLoadWithoutWarnings() throws Exception {
        List<Path> files = new java.util.ArrayList<>(GoldenModelsTest.models());
        for (String architecture : List.of(OnnxExporterTest.MLP, OnnxExporterTest.CNN)) {
            for (boolean head : List.of(false, true)) {
                try (Network network = Network.create(LayerSpecs.parseArchitecture(architecture), 2)) {
                    Path file = dir.resolve("m" + files.size() + ".onnx");
                    OnnxExporter.write(network, head, file);
                    files.add(file);
                }
            }
        }
        for (Path file : files) {
            assertThat(loadLog(file)).as("ONNX Runtime's log loading " + file).doesNotContain("onnxruntime").contains("loaded");
        }
    }

    @Test
    void theCheckSeesAWarning() throws Exception {
        try (Network network = Network.create(LayerSpecs.parseArchitecture(OnnxExporterTest.MLP), 2)) {
            ModelProto model = OnnxExporter.export(network, false);
            ModelProto.Builder withUnused = model.toBuilder();
            withUnused.getGraphBuilder().addInitializer(TensorProto.newBuilder().setName("unused")
                    .setDataType(TensorProto.DataType.FLOAT.getNumber()).addDims(1).addFloatData(1f));
            Path file = dir.resolve("unused.onnx");
            Files.write(file, withUnused.build().toByteArray());
            assertThat(loadLog(file)).contains("W:onnxruntime").contains("unused");
        }
    }

    /** Standard output and error of a child JVM that loads {@code file}. */
    private static String loadLog(Path file) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Load.class.getName(), file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    /** The child: loads a model at warning level. */
    public static final class Load {
        public static void main(String[] args) throws Exception {
            OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "axiom");
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING);
                try (OrtSession session = env.createSession(args[0], options)) {
                    System.out.println("loaded " + session.getInputNames() + " " + session.getOutputNames());
                }
            }
        }
    }
}
