package dev.axiom.experiment;

import dev.axiom.run.Progress;
import dev.axiom.run.Provenance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The experiments by name, and the runner that gives one its folder, work log, results and report:
 * {@code report.md} and {@code results.json} record the command, scale, seeds, versions and the
 * time taken, and are written even when the experiment fails halfway (with what it finished).
 */
public final class Experiments {

    private static final Map<String, Supplier<Experiment>> ALL = new LinkedHashMap<>();

    static {
        // Each experiment registers here; see the classes for what they reproduce.
        register("pixel", dev.axiom.experiment.pixel.PixelExperiment::new);
        register("sparsity", dev.axiom.experiment.sparsity.SparsityExperiment::new);
        register("benchmark", dev.axiom.experiment.benchmark.BenchmarkExperiment::new);
        register("graph", dev.axiom.experiment.graph.GraphExperiment::new);
        register("robust", dev.axiom.experiment.robust.RobustExperiment::new);
    }

    private Experiments() {}

    /** Registers an experiment under its name (used by the static block above and by tests). */
    static void register(String name, Supplier<Experiment> experiment) {
        ALL.put(name, experiment);
    }

    /** The names of all experiments. */
    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    /** The experiment {@code name}, or an error listing the valid names. */
    public static Experiment named(String name) {
        Supplier<Experiment> e = ALL.get(name);
        if (e == null) {
            throw new IllegalArgumentException("no experiment named '" + name + "'; the experiments are: "
                    + String.join(", ", ALL.keySet()));
        }
        return e.get();
    }

    /** Runs {@code experiment} with {@code options}; returns the results written to {@code results.json}. */
    public static Results run(Experiment experiment, ExperimentOptions options, List<String> command, Progress progress) throws Exception {
        for (String key : options.params().keySet()) {
            if (!experiment.parameters().contains(key)) {
                throw new IllegalArgumentException("the " + experiment.name() + " experiment has no parameter '" + key + "'"
                        + (experiment.parameters().isEmpty() ? "; it takes none" : "; it takes " + String.join(", ", experiment.parameters())));
            }
        }
        Path out = options.out();
        Files.createDirectories(out.resolve("figures"));
        ScaleStamp.check(out, experiment.name(), options);
        WorkLog work = new WorkLog(out.resolve("work.jsonl"));
        Results results = new Results();
        Report report = new Report();
        Instant started = Instant.now();
        int resumed = work.size();
        results.info("title", experiment.title());
        results.info("command", command);
        results.info("scale", options.quick() ? "quick" : "full");
        results.info("started", started.toString());
        results.info("versions", Provenance.versions());
        results.info("git_commit", Provenance.gitCommit());
        report.heading(1, experiment.title());
        report.text("Command: `" + String.join(" ", command) + "` — scale: **" + (options.quick() ? "quick" : "full")
                + "**" + (resumed > 0 ? " — resumed with " + resumed + " units of work already done" : "")
                + ". Versions: " + Provenance.versions().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", ")) + "; commit " + Provenance.gitCommit() + ".");
        Exception failure = null;
        try {
            experiment.run(new ExperimentContext(options, work, results, report, progress));
        } catch (Exception e) {
            failure = e;
            report.heading(2, "Not finished").text("The experiment stopped with: " + e.getMessage()
                    + ". What it finished is above; run the same command again to continue.");
        }
        Duration took = Duration.between(started, Instant.now());
        String time = minutes(took.toMillis() / 1000.0);
        results.info("seconds", took.toMillis() / 1000.0);
        if (work.untimedUnits() == 0) {
            results.info("work_seconds", work.seconds());
        }
        report.text("Time taken: " + time + (resumed == 0 ? "" : work.untimedUnits() > 0
                ? " (this invocation; earlier ones not counted)"
                : " (this invocation); its " + work.size() + " units of work took " + minutes(work.seconds())
                        + " in all, over every invocation") + ".");
        results.write(out.resolve("results.json"), experiment.name());
        report.write(out.resolve("report.md"));
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    private static String minutes(double seconds) {
        Duration d = Duration.ofMillis(Math.round(seconds * 1000));
        return String.format("%d min %02d s", d.toMinutes(), d.toSecondsPart());
    }
}
