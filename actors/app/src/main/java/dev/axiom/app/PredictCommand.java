package dev.axiom.app;

import dev.axiom.data.Dataset;
import dev.axiom.metric.Metrics;
import dev.axiom.run.Evaluator;
import dev.axiom.run.TrainedModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code axiom predict}: one CSV row per sample with the label, the prediction and the outputs, and
 * the names of the label and the predicted value when the labels were text or named.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Writes index,label,prediction[,label_name,predicted_name],output_0.. for every sample of the",
            "chosen data; prediction is the class index, the probability of label value 1 (binary), or the value."})
final class PredictCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, paramLabel = "RUN_DIR", description = "A trained run.")
    Path run;

    @Mixin
    DataChoice data = new DataChoice();

    @Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "Where to write the predictions.")
    Path out;

    @Override
    public Integer call() {
        try (TrainedModel model = device.load(run)) {
            Dataset d = data.load(model);
            float[] outputs = new Evaluator(model.network(), model.loss(), 256).outputs(d);
            int k = Math.toIntExact(model.network().outputShape().size());
            List<String> names = model.data().classNames();
            boolean named = !names.isEmpty();
            List<String> header = new ArrayList<>(List.of("index", "label", "prediction"));
            if (named) {
                header.addAll(List.of("label_name", "predicted_name"));
            }
            for (int j = 0; j < k; j++) {
                header.add("output_" + j);
            }
            boolean classes = d.labelKind() == Dataset.LabelKind.CLASS_INDEX;
            try (Csv csv = new Csv(out, header)) {
                for (int i = 0; i < d.size(); i++) {
                    List<String> row = new ArrayList<>();
                    row.add(Integer.toString(i));
                    row.add(classes ? Integer.toString((int) d.label(i, 0)) : Csv.number(d.label(i, 0)));
                    String prediction = classes
                            ? Integer.toString(Metrics.argMax(outputs, i * k, k))
                            : model.loss().name().equals("binary-cross-entropy")
                                    ? Csv.number(1 / (1 + Math.exp(-outputs[i * k])))
                                    : Csv.number(outputs[i * k]);
                    row.add(prediction);
                    if (named) {
                        int predicted = classes ? Metrics.argMax(outputs, i * k, k) : outputs[i * k] > 0 ? 1 : 0;
                        row.add(model.data().className((int) d.label(i, 0)));
                        row.add(model.data().className(predicted));
                    }
                    for (int j = 0; j < k; j++) {
                        row.add(Csv.number(outputs[i * k + j]));
                    }
                    csv.row(row);
                }
            }
            System.out.println("wrote " + d.size() + " predictions to " + out);
        }
        return 0;
    }
}
