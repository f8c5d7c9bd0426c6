package dev.axiom.app;

import dev.axiom.data.Dataset;
import dev.axiom.onnx.Golden;
import dev.axiom.onnx.OnnxExporter;
import dev.axiom.onnx.Probe;
import dev.axiom.onnx.Sha256;
import dev.axiom.run.Json;
import dev.axiom.run.TrainedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code axiom export}: the trained network as an ONNX model, optionally with the attribution head. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes the run's trained network as ONNX (opset " + OnnxExporter.OPSET + "):",
            "input x [N, sample...], output logits [N, outputs].",
            "With --attribution-head also inputs references [N*k, sample...]",
            "(k rows per sample), alphas [N*k], target [N] (int64 output index) and",
            "output attributions [N, sample...]: expected gradients computed in the",
            "graph by Axiom's per-layer rules."})
final class ExportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A trained run.")
    Path run;

    @Option(names = "--out", required = true, paramLabel = "FILE.onnx", description = "Where to write the model.")
    Path out;

    @Option(names = "--attribution-head", description = "Add the expected-gradients attribution head.")
    boolean attributionHead;

    @Option(names = "--golden", paramLabel = "N",
            description = "Also write NAME.golden.json beside NAME.onnx: the first N test samples, references and "
                    + "coefficients, and Axiom's outputs (and attributions) for them.")
    Integer golden;

    @Option(names = "--golden-references", paramLabel = "K", defaultValue = "2",
            description = "References per sample in the golden file (default: ${DEFAULT-VALUE}).")
    int goldenReferences;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the golden references and coefficients (default: ${DEFAULT-VALUE}).")
    long seed;

    /**
     * The metadata property holding the run's {@code preprocessing.json}: the features' names, a
     * table's column encoding and label values, and each feature's mean and scale.
     */
    static final String PREPROCESSING = "axiom.preprocessing";

    @Override
    public Integer call() {
        try (TrainedModel model = TrainedModel.load(run, "cpu")) {
            OnnxExporter.write(model.network(), attributionHead,
                    Map.of(PREPROCESSING, Json.line(model.data().preprocessingRecord())), out);
            System.out.println("wrote " + out + " (" + Files.size(out) + " bytes, opset " + OnnxExporter.OPSET
                    + (attributionHead ? ", with the attribution head" : "") + ", sha256 " + Sha256.of(out) + ")");
            System.out.println("architecture: " + model.network().architecture().summary());
            if (golden != null) {
                writeGolden(model);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
        return 0;
    }

    private void writeGolden(TrainedModel model) throws IOException {
        Dataset test = model.data().split("test");
        if (golden < 1 || golden > test.size()) {
            throw new IllegalArgumentException("--golden must be in [1, " + test.size() + "] (the test split's size), got " + golden);
        }
        int[] first = new int[golden];
        java.util.Arrays.setAll(first, i -> i);
        Probe probe = Probe.draw(model.network(), test.subset(first), model.data().train(), goldenReferences, seed);
        Path file = Golden.fileFor(out);
        Golden.of(out, model.network(), probe, attributionHead).write(file);
        System.out.println("wrote " + file + " (" + golden + " test samples" + (attributionHead ? ", " + goldenReferences + " references each" : "") + ")");
    }
}
