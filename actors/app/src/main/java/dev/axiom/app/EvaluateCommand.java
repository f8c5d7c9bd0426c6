package dev.axiom.app;

import dev.axiom.data.Dataset;
import dev.axiom.run.Evaluator;
import dev.axiom.run.Json;
import dev.axiom.run.TrainedModel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code axiom evaluate}: loss and metric of a trained run on a split or a file, as JSON. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Prints the loss and the metric (accuracy, ROC-AUC or R²) of a trained run as JSON.")
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, paramLabel = "RUN_DIR", description = "A trained run.")
    Path run;

    @Mixin
    DataChoice data = new DataChoice();

    @Mixin
    DeviceOption device = new DeviceOption();

    @Override
    public Integer call() {
        try (TrainedModel model = device.load(run)) {
            Dataset d = data.load(model);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("run", run.toString());
            out.put("data", data.data);
            out.put("samples", d.size());
            out.putAll(new Evaluator(model.network(), model.loss(), 256).evaluate(d));
            System.out.println(Json.line(out));
        }
        return 0;
    }
}
