package dev.axiom.app;

import com.typesafe.config.Config;
import dev.axiom.run.Json;
import dev.axiom.run.Progress;
import dev.axiom.run.TrainingJob;
import dev.axiom.run.config.RunSettings;
import dev.axiom.run.config.SettingsException;
import dev.axiom.run.config.SettingsLoader;
import dev.axiom.runtime.cluster.ClusterNode;
import dev.axiom.runtime.events.TrainingEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code axiom node}: one node of a training cluster (see {@code axiom.cluster} in reference.conf). */
@Command(
        name = "node",
        mixinStandardHelpOptions = true,
        description = {
            "Starts a node of a Pekko training cluster. A trainer node (axiom.cluster.role = trainer) waits",
            "for axiom.cluster.remote-workers workers on other nodes, trains synchronously with them and its",
            "own workers, writes the run directory, and prints the run's events and its result; a worker node",
            "hosts axiom.cluster.workers-per-node gradient workers until the trainer's node leaves. With",
            "axiom.cluster.elastic = true, worker nodes may also join the trainer's run while it trains."
        })
final class NodeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(NodeCommand.class);

    @Option(names = "--config", paramLabel = "FILE", description = "HOCON settings, the same on every node apart from axiom.cluster.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--out", paramLabel = "RUN_DIR", description = "Trainer node: the run directory (default: runs/node-run).")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Trainer node: continue the run in RUN_DIR from its newest checkpoint (--set may then change axiom.cluster.* only).")
    Path resume;

    @Mixin
    ServiceOptions service = new ServiceOptions();

    @Override
    public Integer call() {
        if (resume != null) {
            if (config != null || out != null) {
                throw new IllegalArgumentException("--resume continues a run with its own settings; drop --config and --out");
            }
            TrainingJob job = TrainingJob.resume(resume, Progress.silent(), overrides);
            LogFormat.apply(job.settings().logging(), resume);
            return trainer(job, resume);
        }
        Config settings = SettingsLoader.load(config, overrides);
        RunSettings s = RunSettings.from(settings);
        if (s.runtime().plain()) {
            throw new SettingsException(
                    "axiom.runtime.driver = plain cannot run on a cluster (its workers are actors); use driver = actors");
        }
        Path runDirectory = out != null ? out : Path.of("runs", "node-run");
        LogFormat.apply(s.logging(), runDirectory); // worker nodes: the run id of the --out they are given
        if (!s.cluster().role().equals(ClusterNode.TRAINER)) {
            ClusterNode.WorkerNode node = ClusterNode.startWorkers(s);
            // SIGTERM or Ctrl-C: leave the cluster gracefully, so the trainer goes on without this node at once.
            try (StopSignals signals = StopSignals.install(signal -> node.leave(), Duration.ofSeconds(30), "leaving the cluster")) {
                node.awaitTermination();
                return signals.exitCode();
            }
        }
        List<String> command = new ArrayList<>(List.of("axiom", "node"));
        if (config != null) {
            command.addAll(List.of("--config", config.toString()));
        }
        overrides.forEach(o -> command.addAll(List.of("--set", o)));
        return trainer(TrainingJob.start(settings, runDirectory, command, Progress.silent()), runDirectory);
    }

    /** Runs the trainer node's job; SIGTERM and SIGINT stop it after the current step with a checkpoint. */
    private int trainer(TrainingJob job, Path runDirectory) {
        RunSettings s = job.settings();
        AtomicReference<ClusterNode.RunningTrainer> node = new AtomicReference<>();
        IntSupplier members = () -> node.get() == null ? 0 : node.get().members().getAsInt();
        try (TrainingServices services = TrainingServices.start(s, runDirectory, null, service, members);
                StopSignals signals = StopSignals.install(() -> {
                    ClusterNode.RunningTrainer running = node.get();
                    if (running != null) {
                        running.stop().run();
                    } else {
                        job.requestStop();
                    }
                }, service.stopTimeout())) {
            job.withObserver(services.observer());
            TrainingJob.Result result;
            try {
                result = ClusterNode.runTrainer(job, e -> {
                    print(e);
                    services.accept(e);
                }, node::set);
            } finally {
                services.finish(signals.received() ? "stopped by SIG" + signals.signal() : "training ended",
                        Duration.ofSeconds(signals.received() ? 5 : 60));
            }
            if (signals.received()) {
                LOG.warn("stopped by SIG{} at step {} with a checkpoint; continue with: ./axiom node --resume {} "
                        + "(--set axiom.cluster.* for a new address)", signals.signal(), result.steps(), result.runDirectory());
            }
            System.out.println(Json.line(Map.of(
                    "run_directory", result.runDirectory().toString(), "steps", result.steps(), "test", result.test())));
            return signals.exitCode();
        }
    }

    /** Every event but the steps, one line each, for people and scripts watching the node. */
    private static void print(TrainingEvent event) {
        if (!(event instanceof TrainingEvent.StepCompleted)) {
            System.out.println("event " + event);
            System.out.flush();
        }
    }
}
