package dev.axiom.onnx;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.axiom.nn.Network;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden inputs and Axiom's outputs for an exported model, stored as JSON beside it
 * ({@code NAME.golden.json} for {@code NAME.onnx}): a later ONNX Runtime must reproduce the outputs
 * within 1e-5 and (with the attribution head) the attributions within 1e-4.
 *
 * @param model the model's file name
 * @param sha256 the model file's checksum
 * @param opset the ONNX operator set
 * @param sampleShape per-sample input shape
 * @param samples number of samples {@code N}
 * @param x the samples, row-major
 * @param references {@code k} reference rows per sample (empty without the head)
 * @param alphas one coefficient per reference row (empty without the head)
 * @param target the explained output index per sample (empty without the head)
 * @param logits Axiom's outputs
 * @param attributions Axiom's expected gradients (empty without the head)
 */
public record Golden(
        String model,
        String sha256,
        int opset,
        long[] sampleShape,
        int samples,
        float[] x,
        float[] references,
        float[] alphas,
        long[] target,
        float[] logits,
        float[] attributions) {

    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The golden file of {@code modelFile}: {@code NAME.golden.json} beside {@code NAME.onnx}. */
    public static Path fileFor(Path modelFile) {
        String name = modelFile.getFileName().toString();
        String stem = name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
        return modelFile.resolveSibling(stem + ".golden.json");
    }

    /** Axiom's outputs (and attributions, when {@code head}) for {@code probe}. */
    public static Golden of(Path modelFile, Network network, Probe probe, boolean head) throws IOException {
        float[] logits = AxiomOutputs.predict(network, probe.x(), probe.n());
        float[] attributions = head
                ? AxiomOutputs.expectedGradients(network, probe.x(), probe.n(), probe.references(), probe.alphas(), probe.target())
                : new float[0];
        return new Golden(modelFile.getFileName().toString(), Sha256.of(modelFile), OnnxExporter.OPSET,
                network.architecture().inputShape().getShape(), probe.n(), probe.x(),
                head ? probe.references() : new float[0], head ? probe.alphas() : new float[0],
                head ? probe.target() : new long[0], logits, attributions);
    }

    /** Writes this as JSON. */
    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    /** Reads a golden file. */
    public static Golden read(Path file) {
        try {
            return JSON.readValue(Files.readAllBytes(file), Golden.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read golden file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Max differences of {@code model}'s outputs (and attributions) from the golden ones. */
    public ServeCheck.Result compare(OnnxRuntimeModel model) {
        float[] logitsNow;
        double attributionDifference = Double.NaN;
        if (attributions.length > 0) {
            OnnxRuntimeModel.Outputs out = model.explain(x, samples, references, alphas, target);
            logitsNow = out.logits();
            attributionDifference = Differences.maxAbs(out.attributions(), attributions);
        } else {
            logitsNow = model.predict(x, samples);
        }
        return new ServeCheck.Result(samples, alphas.length / samples, Differences.maxAbs(logitsNow, logits), attributionDifference);
    }
}
