package dev.axiom.app;

import dev.axiom.run.TrainedModel;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --device} option of the commands that load a trained run. */
final class DeviceOption {

    @Option(names = "--device", paramLabel = "cpu|gpu|gpu:N",
            description = "Where to load the run (default: the device it was trained on, axiom.train.device).")
    String device;

    /** The run in {@code run}, loaded on the chosen device. */
    TrainedModel load(Path run) {
        return TrainedModel.load(run, device);
    }
}
