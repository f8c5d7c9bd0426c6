package dev.axiom.onnx;

import dev.axiom.data.Dataset;
import dev.axiom.nn.Network;
import java.util.Arrays;

/**
 * Runs the same samples through an exported model in ONNX Runtime and through the Axiom network,
 * and measures the largest differences: of the outputs, and (with the attribution head) of the
 * expected-gradients attributions for the same references and coefficients. Each sample explains
 * the output Axiom predicts for it; references and coefficients are drawn by {@link Probe#draw}.
 */
public final class ServeCheck {

    private ServeCheck() {}

    /** The measured differences; {@code maxAttributionDifference} is NaN without a head. */
    public record Result(int samples, int referencesPerSample, double maxOutputDifference, double maxAttributionDifference) {

        /** Whether both differences are within their tolerances. */
        public boolean within(double outputTolerance, double attributionTolerance) {
            boolean attributions = Double.isNaN(maxAttributionDifference)
                    ? referencesPerSample == 0
                    : maxAttributionDifference <= attributionTolerance;
            return maxOutputDifference <= outputTolerance && attributions;
        }
    }

    /**
     * Compares {@code model} with {@code network} on {@code data}.
     *
     * @throws IllegalArgumentException if the model's input or output shape is not the network's
     */
    public static Result run(OnnxRuntimeModel model, Network network, Dataset data, Dataset pool, int references, long seed) {
        long[] expected = network.architecture().inputShape().getShape();
        if (!Arrays.equals(model.sampleShape(), expected) || model.outputs() != network.outputShape().size()) {
            throw new IllegalArgumentException("the ONNX model takes samples of shape " + Arrays.toString(model.sampleShape())
                    + " and gives " + model.outputs() + " outputs, the run's network takes " + Arrays.toString(expected)
                    + " and gives " + network.outputShape().size());
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException("no samples to compare");
        }
        int n = data.size();
        float[] x = data.featureArray();
        float[] axiom = AxiomOutputs.predict(network, x, n);
        float[] ort = model.predict(x, n);
        double outputs = Differences.maxAbs(ort, axiom);
        if (!model.hasAttributionHead()) {
            return new Result(n, 0, outputs, Double.NaN);
        }
        Probe probe = Probe.draw(network, data, pool, references, seed);
        float[] viaOnnx = model.explain(x, n, probe.references(), probe.alphas(), probe.target()).attributions();
        float[] viaAxiom = AxiomOutputs.expectedGradients(network, x, n, probe.references(), probe.alphas(), probe.target());
        return new Result(n, references, outputs, Differences.maxAbs(viaOnnx, viaAxiom));
    }
}
