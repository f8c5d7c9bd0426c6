package dev.axiom.app;

import dev.axiom.experiment.Experiment;
import dev.axiom.experiment.ExperimentOptions;
import dev.axiom.experiment.Experiments;
import dev.axiom.experiment.Results;
import dev.axiom.experiment.ShownPath;
import dev.axiom.experiment.StopRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code axiom experiment NAME}: reproduces one of the paper's experiments with a report. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = {"Reproduces one of the paper's experiments on real data and writes OUT/report.md (tables, "
                + "PNG figures, the paper's values beside ours) and OUT/results.json. Interrupted runs continue "
                + "where they stopped when run again with the same --out.",
                "Experiments: benchmark, pixel, sparsity, graph, robust."})
final class ExperimentCommand implements Callable<Integer> {

    @Parameters(paramLabel = "NAME", description = "benchmark | pixel | sparsity | graph | robust")
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

    @Option(names = "--stop-after", paramLabel = "DURATION",
            description = "Work at most this long (e.g. 90m, 2h, 2h30m), then write the report of how far the run got and stop; "
                    + "the same command continues it. A training under way stops at a checkpoint and resumes from it.")
    String stopAfter;

    /** How long a stop signal may take to end the invocation before the process ends at once. */
    private static final Duration STOP_BOUND = Duration.ofMinutes(30);

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
        // paths as the report shows them: relative to the repository, so a committed report's command runs anywhere
        command.add("--out=" + ShownPath.of(folder));
        data.forEach((k, v) -> command.add("--data=" + k + "=" + ShownPath.of(v)));
        params.forEach((k, v) -> command.add("--param=" + k + "=" + v));
        Optional<Duration> budget = Optional.ofNullable(stopAfter).map(Experiments::parseDuration);
        budget.ifPresent(d -> command.add("--stop-after=" + stopAfter.strip()));
        // SIGTERM or Ctrl-C: stop as at the end of --stop-after (a training at a checkpoint; an attack
        // unit under way finishes first, up to a quarter of an hour), write the report, exit 143 / 130
        StopRequest stop = new StopRequest();
        try (StopSignals signals = StopSignals.install(stop::request, STOP_BOUND);
                TerminalProgress progress = new TerminalProgress()) {
            Results results = Experiments.run(experiment, new ExperimentOptions(folder, quick, seeds, data, params, budget),
                    command, progress, stop);
            boolean unfinished = Boolean.FALSE.equals(results.infoValue("finished"));
            System.out.println((unfinished
                    ? "stopped " + stop.reason().map(why -> "on " + why).orElseGet(() -> "after --stop-after " + stopAfter.strip())
                            + "; run the same command to continue. " : "")
                    + "wrote " + folder.resolve("report.md") + " and " + folder.resolve("results.json"));
            return signals.exitCode();
        }
    }
}
