package dev.axiom.run;

import dev.axiom.loss.Loss;
import dev.axiom.nn.Network;
import dev.axiom.run.config.RunSettings;
import dev.axiom.run.data.DataLoader;
import dev.axiom.run.data.RunData;
import java.nio.file.Path;
import java.util.Map;

/**
 * A trained model loaded from its run directory: settings, data (split and preprocessed as in
 * training) and the network with the newest intact checkpoint's parameters. Close it to free the network.
 *
 * @param run the run directory
 * @param settings the run's settings
 * @param data the run's data
 * @param network the network
 * @param checkpoint the checkpoint loaded
 */
public record TrainedModel(RunDirectory run, RunSettings settings, RunData data, Network network, Path checkpoint)
        implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TrainedModel.class);

    /**
     * Loads the run in {@code runDirectory} on the device it was trained on ({@code axiom.train.device}).
     *
     * @throws IllegalArgumentException if it is not a run directory or has no checkpoint
     * @throws dev.axiom.run.config.SettingsException if that device is a GPU this machine cannot use
     */
    public static TrainedModel load(Path runDirectory) {
        return load(runDirectory, null);
    }

    /**
     * Loads the run in {@code runDirectory} on {@code device} ({@link Devices#forRun}).
     *
     * @param device {@code cpu}, {@code gpu}, {@code gpu:N}, or null for the run's {@code axiom.train.device}
     * @throws IllegalArgumentException if it is not a run directory, has no checkpoint, or {@code device} is none of these
     * @throws dev.axiom.run.config.SettingsException if the device is a GPU this machine cannot use
     */
    public static TrainedModel load(Path runDirectory, String device) {
        RunDirectory dir = RunDirectory.existing(runDirectory);
        RunSettings settings = dir.settings();
        ai.djl.Device on = Devices.forRun(device, settings.train().device());
        ResumePoint point = ResumePoint.newestIntact(dir).orElseThrow(() -> new IllegalArgumentException(
                runDirectory + " has no checkpoint yet; train it first"));
        point.skipped().forEach(why -> LOG.warn("skipping checkpoint {}", why));
        Path checkpoint = point.path();
        RunData data = DataLoader.load(settings);
        requireSameEncoding(dir, data);
        Network net = Models.network(settings.model(), data.train().sampleShape(), data.outputs(), settings.seed(), on);
        try {
            point.checkpoint().restore(net, null);
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
        return new TrainedModel(dir, settings, data, net, checkpoint);
    }

    /**
     * The columns must be encoded as in training ({@code preprocessing.json}): a table changed since
     * would silently give the network other features.
     */
    private static void requireSameEncoding(RunDirectory dir, RunData data) {
        if (data.encoding() == null || !java.nio.file.Files.exists(dir.preprocessing())) {
            return;
        }
        Object saved = Json.read(dir.preprocessing()).get("encoding");
        Object now = Json.parse(Json.line(Map.of("encoding", data.encoding().describe()))).get("encoding");
        if (saved != null && !saved.equals(now)) {
            throw new dev.axiom.data.DataFormatException(dir.preprocessing() + ": the run's table is encoded differently "
                    + "now than in training (its files changed since; see provenance.json): then " + Json.line(saved)
                    + ", now " + Json.line(now));
        }
    }

    /** The task loss of the run. */
    public Loss loss() {
        return Objectives.loss(settings, data.train());
    }

    @Override
    public void close() {
        network.close();
    }
}
