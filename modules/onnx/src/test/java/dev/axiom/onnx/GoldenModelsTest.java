package dev.axiom.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exported models in {@code onnx-models/}: each file has the checksum its README and golden
 * file name, loads in ONNX Runtime, and reproduces Axiom's golden outputs within 1e-5 and
 * attributions within 1e-4.
 */
class GoldenModelsTest {

    static final Path MODELS = Path.of("../..").toAbsolutePath().normalize().resolve("onnx-models");

    static List<Path> models() throws IOException {
        try (Stream<Path> files = Files.walk(MODELS)) {
            return files.filter(p -> p.toString().endsWith(".onnx"))
                    .filter(p -> !p.startsWith(MODELS.resolve("imported"))) // PyTorch's, checked by the import tests
                    .sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void goldenModelReproducesAxiom(Path file) throws IOException {
        Golden golden = Golden.read(Golden.fileFor(file));
        String sha = Sha256.of(file);
        assertThat(golden.sha256()).as("checksum in the golden file").isEqualTo(sha);
        assertThat(golden.model()).isEqualTo(file.getFileName().toString());
        assertThat(golden.opset()).isEqualTo(OnnxExporter.OPSET);
        assertThat(Files.readString(file.resolveSibling("README.md"))).as("README names the checksum").contains(sha);
        try (OnnxRuntimeModel model = OnnxRuntimeModel.open(file, ExecutionProvider.CPU)) {
            assertThat(model.sampleShape()).containsExactly(golden.sampleShape());
            ServeCheck.Result r = golden.compare(model);
            System.out.printf("%s: max |ORT - golden| outputs %.3g, attributions %.3g%n",
                    file.getFileName(), r.maxOutputDifference(), r.maxAttributionDifference());
            assertThat(r.maxOutputDifference()).isLessThanOrEqualTo(1e-5);
            assertThat(model.hasAttributionHead()).isTrue();
            assertThat(golden.attributions()).hasSize(golden.x().length);
            assertThat(r.maxAttributionDifference()).isLessThanOrEqualTo(1e-4);
        }
    }
}
