package dev.axiom.app;

import dev.axiom.data.Dataset;
import dev.axiom.run.TrainedModel;
import dev.axiom.run.data.DataLoader;
import picocli.CommandLine.Option;

/** The {@code --data} and {@code --labels} options: a split of the run, or another file. */
final class DataChoice {

    @Option(names = "--data", paramLabel = "SPLIT|FILE",
            description = "train, validation, test (default), or a data file in the run's format.")
    String data = "test";

    @Option(names = "--labels", paramLabel = "FILE", description = "Labels file for IDX image data given with --data.")
    String labels;

    /** The chosen samples, preprocessed like the run's training data. */
    Dataset load(TrainedModel model) {
        if (data.equals("train") || data.equals("validation") || data.equals("test")) {
            return model.data().split(data);
        }
        return DataLoader.loadOther(model.settings(), model.data(), data, labels);
    }
}
