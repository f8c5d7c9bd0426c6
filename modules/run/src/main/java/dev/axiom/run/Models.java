package dev.axiom.run;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.nn.ActivationKind;
import dev.axiom.nn.Architecture;
import dev.axiom.nn.Cnn;
import dev.axiom.nn.LayerSpec;
import dev.axiom.nn.LayerSpecs;
import dev.axiom.nn.Mlp;
import dev.axiom.nn.Network;
import dev.axiom.nn.ResNet;
import dev.axiom.onnx.ImportedModel;
import dev.axiom.onnx.OnnxImporter;
import dev.axiom.run.config.RunSettings;
import dev.axiom.run.config.SettingsException;
import java.nio.file.Path;
import java.util.List;

/** The network a run's settings describe, for its data's sample shape and outputs. */
public final class Models {

    private Models() {}

    /**
     * A float32 network of the run's architecture, initialised from {@code seed} (or, for an
     * imported model with {@code init = file}, with the file's weights), in a manager of its own.
     *
     * @throws SettingsException if the architecture does not fit the data
     */
    public static Network network(RunSettings.Model model, Shape sample, int outputs, long seed) {
        return network(model, sample, outputs, seed, null);
    }

    /**
     * {@link #network(RunSettings.Model, Shape, int, long)} with its parameters on {@code device}
     * (null: the engine's default device), as training creates it ({@link Devices}).
     *
     * @throws SettingsException if the architecture does not fit the data
     */
    public static Network network(RunSettings.Model model, Shape sample, int outputs, long seed, Device device) {
        if (!model.architecture().equals("onnx")) {
            return Network.create(architecture(model, sample, outputs), NDManager.newBaseManager(device),
                    DataType.FLOAT32, seed);
        }
        ImportedModel imported = imported(model, sample);
        Network network = imported.network(NDManager.newBaseManager(device), DataType.FLOAT32, seed,
                model.onnx().init().equals("file"));
        long given = network.outputShape().size();
        if (network.outputShape().dimension() != 1 || given != outputs) {
            network.close();
            throw new SettingsException("axiom.model.onnx.file: " + imported.source() + " gives outputs of shape "
                    + network.outputShape() + " per sample, but the data need " + outputs
                    + (outputs == 1 ? " (one output for binary or real labels)" : " (one per class)"));
        }
        return network;
    }

    /** The architecture of a network Axiom builds itself (every kind but {@code onnx}). */
    private static Architecture architecture(RunSettings.Model model, Shape sample, int outputs) {
        switch (model.architecture()) {
            case "paper-cnn" -> {
                requireImages(model, sample);
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
            case "resnet" -> {
                requireImages(model, sample);
                try {
                    return ResNet.builder()
                            .setInputShape(sample.get(0), sample.get(1), sample.get(2))
                            .setOutputs(outputs)
                            .optStemWidth(model.resnet().stemWidth())
                            .optStages(model.resnet().stages().stream()
                                    .map(s -> new ResNet.Stage(s.get(0), s.get(1), s.get(2))).toList())
                            .build();
                } catch (IllegalArgumentException e) {
                    throw new SettingsException("axiom.model.resnet: " + e.getMessage());
                }
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

    /** The ONNX model of the settings, checked against the data's samples. */
    private static ImportedModel imported(RunSettings.Model model, Shape sample) {
        ImportedModel imported = OnnxImporter.read(Path.of(model.onnx().file()));
        Shape takes = imported.architecture().inputShape();
        if (!takes.equals(sample)) {
            throw new SettingsException("axiom.model.onnx.file: " + imported.source() + " takes samples of shape " + takes
                    + " (input '" + imported.architecture().inputName() + "'), but the data have samples of shape " + sample);
        }
        return imported;
    }

    private static void requireImages(RunSettings.Model model, Shape sample) {
        if (sample.dimension() != 3) {
            throw new SettingsException("axiom.model.architecture = " + model.architecture()
                    + " needs image data (channels, height, width), but the samples have shape " + sample
                    + "; use mlp for tables");
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
