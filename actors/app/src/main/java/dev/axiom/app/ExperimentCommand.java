package dev.axiom.app;

import dev.axiom.experiment.Experiment;
import dev.axiom.experiment.ExperimentOptions;
import dev.axiom.experiment.Experiments;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code axiom experiment NAME}: reproduces one of the paper's experiments with a report. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = {"Reproduces one of the paper's experiments on real data and writes OUT/report.md (tables, "
                + "PNG figures, the paper's values beside ours) and OUT/results.json. Interrupted runs continue "
                + "where they stopped when run again with the same --out.",
                "Experiments: benchmark, pixel, sparsity, graph."})
final class ExperimentCommand implements Callable<Integer> {

    @Parameters(paramLabel = "NAME", description = "benchmark | pixel | sparsity | graph")
    String name;

    @Option(names = "--quick", description = "The small scale (minutes on 2 cores) instead of the full one.")
    boolean quick;

    @Option(names = "--seeds", description = "Seeds or replicates to average over (default: the experiment's, by scale).")
    int seeds;

    @Option(names = "--out", description = "Output folder (default: experiments/NAME[-quick]).")
    Path out;

    @Option(names = "--data", paramLabel = "NAME=PATH",
            description = "A data location, e.g. fashion-mnist=/data/fashion-mnist (the full image set for pixel).")
    Map<String, Path> data = new LinkedHashMap<>();

    @Option(names = "--param", paramLabel = "KEY=VALUE",
            description = "Changes one setting of the scale, e.g. epochs=2 (pixel: epochs, lambdas, seeds, tv-images, references).")
    Map<String, String> params = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        Experiment experiment = Experiments.named(name);
        Path folder = out != null ? out : Path.of("experiments", name + (quick ? "-quick" : ""));
        List<String> command = new ArrayList<>(List.of("./axiom", "experiment", name));
        if (quick) {
            command.add("--quick");
        }
        if (seeds > 0) {
            command.add("--seeds=" + seeds);
        }
        command.add("--out=" + folder);
        data.forEach((k, v) -> command.add("--data=" + k + "=" + v));
        params.forEach((k, v) -> command.add("--param=" + k + "=" + v));
        try (TerminalProgress progress = new TerminalProgress()) {
            Experiments.run(experiment, new ExperimentOptions(folder, quick, seeds, data, params), command, progress);
            System.out.println("wrote " + folder.resolve("report.md") + " and " + folder.resolve("results.json"));
        }
        return 0;
    }
}
