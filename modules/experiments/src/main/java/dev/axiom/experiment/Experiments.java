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
        return run(experiment, options, command, progress, new StopRequest());
    }

    /**
     * Like {@link #run(Experiment, ExperimentOptions, List, Progress)}; {@code stop}, once
     * requested (a signal), ends the invocation as the end of its time budget does: the report says
     * how far it got and the command that continues it.
     */
    public static Results run(Experiment experiment, ExperimentOptions options, List<String> command, Progress progress,
            StopRequest stop) throws Exception {
        for (String key : options.params().keySet()) {
            if (!experiment.parameters().contains(key)) {
                throw new IllegalArgumentException("the " + experiment.name() + " experiment has no parameter '" + key + "'"
                        + (experiment.parameters().isEmpty() ? "; it takes none" : "; it takes " + String.join(", ", experiment.parameters())));
            }
        }
        Path out = options.out();
        Files.createDirectories(out.resolve("figures"));
        ScaleStamp.check(out, experiment.name(), options);
        Instant started = Instant.now();
        WorkLog work = new WorkLog(out.resolve("work.jsonl"), options.stopAfter().map(started::plus), stop);
        Results results = new Results();
        Report report = new Report();
        int resumed = work.size();
        boolean continued = resumed > 0 || work.seconds() > 0; // done units, or a training stopped halfway
        results.info("title", experiment.title());
        results.info("command", command);
        results.info("scale", options.quick() ? "quick" : "full");
        results.info("started", started.toString());
        results.info("versions", Provenance.versions());
        results.info("git_commit", Provenance.gitCommit());
        report.heading(1, experiment.title());
        String wholeRun = String.join(" ", command.stream().filter(c -> !c.startsWith("--stop-after")).toList());
        report.text("Command: `" + wholeRun + "`"
                + options.stopAfter().map(d -> " (this invocation with `--stop-after=" + duration(d) + "`)").orElse("")
                + " — scale: **" + (options.quick() ? "quick" : "full")
                + "**" + (resumed > 0 ? " — resumed with " + resumed + " units of work already done" : "")
                + ". Versions: " + Provenance.versions().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", ")) + "; commit " + Provenance.gitCommit() + ".");
        Exception failure = null;
        PhaseProgress phases = new PhaseProgress(progress);
        try {
            experiment.run(new ExperimentContext(options, work, results, report, phases));
            results.info("finished", true);
        } catch (WorkLog.OutOfTime e) {
            results.info("finished", false);
            results.info("units_done", work.size());
            report.heading(2, "Not finished yet").text(String.format(java.util.Locale.ROOT,
                    "This invocation stopped %s. %s %d units of work are done "
                            + "(%d in this invocation); they are in `work.jsonl`, and the trainings' checkpoints in `runs/` "
                            + "(not committed: on another machine an unfinished training starts again). "
                            + "The same command continues the run, with the time you can give it: `%s --stop-after=2h` "
                            + "(without --stop-after it runs to the end).",
                    stop.reason().map(why -> "on " + why)
                            .orElseGet(() -> "after its time budget (--stop-after " + options.stopAfter().map(Experiments::duration).orElse("?") + ")"),
                    phases.describe(),
                    work.size(), work.size() - resumed, wholeRun));
        } catch (Exception e) {
            failure = e;
            results.info("finished", false);
            report.heading(2, "Not finished").text("The experiment stopped with: " + e.getMessage()
                    + ". What it finished is above; run the same command again to continue.");
        }
        Duration took = Duration.between(started, Instant.now());
        String time = minutes(took.toMillis() / 1000.0);
        results.info("seconds", took.toMillis() / 1000.0);
        if (work.untimedUnits() == 0) {
            results.info("work_seconds", work.seconds());
        }
        report.text("Time taken: " + time + (!continued ? "" : work.untimedUnits() > 0
                ? " (this invocation; earlier ones not counted)"
                : " (this invocation); over every invocation its work took " + minutes(work.seconds()) + " in all, "
                        + work.size() + " units of it done") + ".");
        results.write(out.resolve("results.json"), experiment.name());
        report.write(out.resolve("report.md"));
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    /** {@code 90m}, {@code 2h}, {@code 2h30m}, {@code 45s}: a duration as {@code --stop-after} takes it. */
    public static Duration parseDuration(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?").matcher(text.strip());
        if (text.isBlank() || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write e.g. 90m, 2h, 2h30m or 45s");
        }
        Duration d = Duration.ZERO;
        d = m.group(1) == null ? d : d.plusHours(Long.parseLong(m.group(1)));
        d = m.group(2) == null ? d : d.plusMinutes(Long.parseLong(m.group(2)));
        return m.group(3) == null ? d : d.plusSeconds(Long.parseLong(m.group(3)));
    }

    private static String duration(Duration d) {
        String text = (d.toHours() > 0 ? d.toHours() + "h" : "") + (d.toMinutesPart() > 0 ? d.toMinutesPart() + "m" : "")
                + (d.toSecondsPart() > 0 ? d.toSecondsPart() + "s" : "");
        return text.isEmpty() ? "0s" : text;
    }

    /** Passes progress on, and remembers the phase it is in, to say how far an unfinished run got. */
    private static final class PhaseProgress implements Progress {
        private final Progress inner;
        private String task = "";
        private long total = -1;
        private long done;

        PhaseProgress(Progress inner) {
            this.inner = inner;
        }

        @Override
        public void start(String task, long total) {
            this.task = task;
            this.total = total;
            this.done = 0;
            inner.start(task, total);
        }

        @Override
        public void update(long done, String status) {
            this.done = done;
            inner.update(done, status);
        }

        @Override
        public void close() {
            inner.close();
        }

        String describe() {
            return task.isEmpty() ? "In all," : total > 0
                    ? String.format(java.util.Locale.ROOT, "It got to %d of %d in the phase '%s'; in all,", done, total, task)
                    : "It was in the phase '" + task + "'; in all,";
        }
    }

    private static String minutes(double seconds) {
        Duration d = Duration.ofMillis(Math.round(seconds * 1000));
        return String.format("%d min %02d s", d.toMinutes(), d.toSecondsPart());
    }
}
