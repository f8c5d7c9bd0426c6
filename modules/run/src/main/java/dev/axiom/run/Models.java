package dev.axiom.run;

import ai.djl.ndarray.types.Shape;
import dev.axiom.nn.ActivationKind;
import dev.axiom.nn.Architecture;
import dev.axiom.nn.Cnn;
import dev.axiom.nn.LayerSpec;
import dev.axiom.nn.LayerSpecs;
import dev.axiom.nn.Mlp;
import dev.axiom.run.config.RunSettings;
import dev.axiom.run.config.SettingsException;
import java.util.List;

/** The architecture a run's settings describe, for its data's sample shape and outputs. */
public final class Models {

    private Models() {}

    /**
     * The architecture.
     *
     * @throws SettingsException if the architecture does not fit the data
     */
    public static Architecture architecture(RunSettings.Model model, Shape sample, int outputs) {
        switch (model.architecture()) {
            case "paper-cnn" -> {
                if (sample.dimension() != 3) {
                    throw new SettingsException(
                            "axiom.model.architecture = paper-cnn needs image data (channels, height, width), "
                                    + "but the samples have shape " + sample + "; use mlp for tables");
                }
                Cnn.Builder b = Cnn.builder()
                        .setInputShape(sample.get(0), sample.get(1), sample.get(2))
                        .addConv(32, 5, 1, 2)
                        .addMaxPool(2)
                        .addConv(64, 5, 1, 2)
                        .addMaxPool(2)
                        .addDense(1024)
                        .optDropout(0.5)
                        .setOutputs(outputs);
                return b.build();
            }
            case "mlp" -> {
                if (sample.dimension() != 1) {
                    return flat(model, sample, outputs);
                }
                return Mlp.builder()
                        .setInputs(Math.toIntExact(sample.get(0)))
                        .optHidden(model.hidden().stream().mapToInt(Integer::intValue).toArray())
                        .optActivation(ActivationKind.ofLabel(model.activation()))
                        .optDropout(model.dropout())
                        .setOutputs(outputs)
                        .build();
            }
            default -> {
                List<LayerSpec> layers = model.layers().stream().map(LayerSpecs::parse).toList();
                try {
                    return new Architecture(sample, layers);
                } catch (IllegalArgumentException e) {
                    throw new SettingsException("axiom.model.layers: " + e.getMessage());
                }
            }
        }
    }

    private static Architecture flat(RunSettings.Model model, Shape sample, int outputs) {
        Architecture mlp = Mlp.builder()
                .setInputs(Math.toIntExact(sample.size()))
                .optHidden(model.hidden().stream().mapToInt(Integer::intValue).toArray())
                .optActivation(ActivationKind.ofLabel(model.activation()))
                .optDropout(model.dropout())
                .setOutputs(outputs)
                .build();
        List<LayerSpec> layers = new java.util.ArrayList<>();
        layers.add(new LayerSpec.Flatten());
        layers.addAll(mlp.layers());
        return new Architecture(sample, layers);
    }
}
