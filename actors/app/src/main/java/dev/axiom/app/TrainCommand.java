package dev.axiom.app;

import com.typesafe.config.Config;
import dev.axiom.dashboard.Access;
import dev.axiom.dashboard.BindAddress;
import dev.axiom.dashboard.RunControl;
import dev.axiom.report.RunReport;
import dev.axiom.run.TrainingJob;
import dev.axiom.runtime.PlainLoopEvents;
import dev.axiom.runtime.RuntimeDriver;
import dev.axiom.runtime.events.TrainingEvent;
import dev.axiom.run.config.SettingsLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Continue the run in RUN_DIR from its newest intact checkpoint (corrupt newer ones are skipped, saying why).")
    Path resume;

    @Option(names = "--checkpoint", paramLabel = "step-N",
            description = "With --resume: continue from this checkpoint; newer ones are set aside in checkpoints/set-aside/.")
    String checkpoint;

    @Option(names = "--no-report", description = "Do not write report.md at the end.")
    boolean noReport;

    @Option(names = "--dashboard", paramLabel = "[HOST:]PORT",
            description = "Serve a live dashboard of the run (host 127.0.0.1 unless given; another host needs a token).")
    String dashboard;

    @Option(names = "--dashboard-token", paramLabel = "TOKEN",
            description = "Token every dashboard request must carry (default: $AXIOM_DASHBOARD_TOKEN; generated when needed).")
    String dashboardToken;

    @Option(names = "--dashboard-control",
            description = "Let the dashboard pause, resume and stop the run (POST, with the token).")
    boolean dashboardControl;

    @Mixin
    ServiceOptions service = new ServiceOptions();

    @Option(names = {"--linger", "--dashboard-linger"}, paramLabel = "SECONDS", defaultValue = "0",
            description = "Keep serving the dashboard and the metrics this long after training (default ${DEFAULT-VALUE}).")
    int dashboardLinger;

    @Override
    public Integer call() {
        BindAddress address = dashboard == null ? null : BindAddress.parse(dashboard);
        service.metricsAddress(); // a malformed --metrics fails before training
        if (address == null && (dashboardToken != null || dashboardControl)) {
            throw new IllegalArgumentException("--dashboard-token and --dashboard-control need --dashboard [HOST:]PORT");
        }
        if (address == null && service.metrics == null && dashboardLinger != 0) {
            throw new IllegalArgumentException("--linger needs --dashboard [HOST:]PORT or --metrics [HOST:]PORT");
        }
        TrainingJob job;
        Path runDirectory;
        Progress progress = new Progress();
        if (resume != null) {
            if (config != null || !overrides.isEmpty() || out != null) {
                throw new IllegalArgumentException("--resume continues a run with its own settings; drop --config, --set and --out");
            }
            job = TrainingJob.resume(resume, progress.bar);
            if (checkpoint != null) {
                job.fromCheckpoint(checkpoint);
            }
            runDirectory = resume;
        } else {
            if (checkpoint != null) {
                throw new IllegalArgumentException("--checkpoint chooses where --resume continues from; give --resume RUN_DIR too");
            }
            Config settings = SettingsLoader.load(config, overrides);
            Path dir = out != null ? out : Path.of("runs", "run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            List<String> command = new ArrayList<>(List.of("axiom", "train"));
            if (config != null) {
                command.addAll(List.of("--config", config.toString()));
            }
            overrides.forEach(o -> command.addAll(List.of("--set", o)));
            job = TrainingJob.start(settings, dir, command, progress.bar);
            runDirectory = dir;
        }
        LogFormat.apply(job.settings().logging(), runDirectory);
        return train(job, runDirectory, address);
    }

    /**
     * Trains with what the options serve (dashboard, metrics, probes); SIGTERM and SIGINT stop
     * after the current step with a checkpoint and end the command with 143 or 130, without the
     * report.
     */
    private int train(TrainingJob job, Path runDirectory, BindAddress dashboardAt) {
        RuntimeDriver[] driver = new RuntimeDriver[1];
        RunControl control = new RunControl() {
            @Override
            public void pause() {
                if (driver[0] == null) {
                    throw new UnsupportedOperationException("the plain loop (axiom.runtime.driver = plain) cannot pause");
                }
                driver[0].pause();
            }

            @Override
            public void resume() {
                if (driver[0] != null) {
                    driver[0].resume();
                }
            }

            @Override
            public void stop() {
                job.requestStop();
                if (driver[0] != null) {
                    driver[0].stop();
                }
            }
        };
        TrainingServices.Dashboard dashboard = dashboardAt == null ? null : new TrainingServices.Dashboard(dashboardAt,
                Access.forHost(dashboardAt.host(), DashboardOptions.token(dashboardToken), dashboardControl),
                dashboardToken, control);
        try (StopSignals signals = StopSignals.install(control::stop, service.stopTimeout());
                TrainingServices services = TrainingServices.start(job.settings(), runDirectory, dashboard, service, null)) {
            TrainingJob.Result result;
            PlainLoopEvents plain = job.settings().runtime().plain() ? PlainLoopEvents.to(services) : null;
            if (plain != null) {
                job.withObserver(TrainingJob.Observer.all(services.observer(), plain));
            } else {
                driver[0] = RuntimeDriver.forRun(job.settings().runtime(), null, e -> {
                    logEvent(e);
                    services.accept(e);
                });
                job.withDriver(driver[0]).withObserver(services.observer());
            }
            try {
                result = job.run();
                if (plain != null) {
                    plain.finished(result, job.settings().train().epochs());
                }
            } catch (RuntimeException e) {
                if (plain != null) {
                    plain.failed(String.valueOf(e.getMessage()));
                }
                throw e;
            } finally {
                services.finish(signals.received() ? "stopped by SIG" + signals.signal() : "training ended",
                        Duration.ofSeconds(signals.received() ? 5 : 60));
            }
            if (signals.received()) {
                LOG.warn("stopped by SIG{} at step {} with a checkpoint; continue with: ./axiom train --resume {}",
                        signals.signal(), result.steps(), result.runDirectory());
                printResult(result);
                return signals.exitCode();
            }
            int code = report(result);
            if (dashboardLinger > 0) {
                System.err.println("axiom: training ended; the dashboard and metrics stay up for " + dashboardLinger + " s");
                try {
                    Thread.sleep(dashboardLinger * 1000L);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return code;
        }
    }

    /** Writes the report (unless --no-report) and prints the result line. */
    private int report(TrainingJob.Result result) {
        if (!noReport) {
            Path report = RunReport.write(result.runDirectory());
            LOG.info("report: {}", report);
        }
        printResult(result);
        return 0;
    }

    private static void printResult(TrainingJob.Result result) {
        System.out.println(dev.axiom.run.Json.line(java.util.Map.of(
                "run_directory", result.runDirectory().toString(),
                "steps", result.steps(),
                "test", result.test())));
    }

    /** Holds the terminal progress. */
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
