package dev.axiom.app;

import com.typesafe.config.Config;
import dev.axiom.report.RunReport;
import dev.axiom.run.TrainingJob;
import dev.axiom.runtime.RuntimeDriver;
import dev.axiom.runtime.events.TrainingEvent;
import dev.axiom.run.config.SettingsLoader;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code axiom train}: trains from settings and writes a run directory with its report. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Trains a model as the settings say and writes a run directory: resolved config, provenance,",
            "metrics.jsonl, checkpoints and report.md. With no options: the paper's MNIST CNN with the",
            "expected-gradients pixel-smoothness prior on the embedded Fashion-MNIST subset."
        })
final class TrainCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

    @Option(names = "--config", paramLabel = "FILE", description = "HOCON settings (defaults: reference.conf).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting, e.g. --set axiom.train.epochs=5 (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--out", paramLabel = "RUN_DIR", description = "Run directory (default: runs/run-<date>-<time>).")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue the run in RUN_DIR from its newest checkpoint.")
    Path resume;

    @Option(names = "--no-report", description = "Do not write report.md at the end.")
    boolean noReport;

    @Override
    public Integer call() {
        TrainingJob job;
        Progress progress = new Progress();
        if (resume != null) {
            if (config != null || !overrides.isEmpty() || out != null) {
                throw new IllegalArgumentException("--resume continues a run with its own settings; drop --config, --set and --out");
            }
            job = TrainingJob.resume(resume, progress.bar);
        } else {
            Config settings = SettingsLoader.load(config, overrides);
            Path dir = out != null ? out : Path.of("runs", "run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            List<String> command = new ArrayList<>(List.of("axiom", "train"));
            if (config != null) {
                command.addAll(List.of("--config", config.toString()));
            }
            overrides.forEach(o -> command.addAll(List.of("--set", o)));
            job = TrainingJob.start(settings, dir, command, progress.bar);
        }
        job.withDriver(RuntimeDriver.forRun(job.settings().runtime(), null, TrainCommand::logEvent));
        Thread hook = new Thread(job::requestStop, "axiom-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        TrainingJob.Result result;
        try {
            result = job.run();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already stopping
            }
        }
        if (!noReport) {
            Path report = RunReport.write(result.runDirectory());
            LOG.info("report: {}", report);
        }
        System.out.println(dev.axiom.run.Json.line(java.util.Map.of(
                "run_directory", result.runDirectory().toString(),
                "steps", result.steps(),
                "test", result.test())));
        return 0;
    }

    /** Holds the terminal progress (a field so the stop hook and the job share it). */
    private static final class Progress {
        final TerminalProgress bar = new TerminalProgress();
    }

    /** Worker failures and restarts are worth a log line; steps and epochs are in metrics.jsonl. */
    private static void logEvent(TrainingEvent event) {
        if (event instanceof TrainingEvent.WorkerFailed || event instanceof TrainingEvent.WorkerRestarted) {
            LOG.warn("{}", event);
        }
    }
}
