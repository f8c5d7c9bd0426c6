package dev.axiom.app;

import com.typesafe.config.Config;
import dev.axiom.run.Json;
import dev.axiom.run.Progress;
import dev.axiom.run.TrainingJob;
import dev.axiom.run.config.RunSettings;
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
            "hosts axiom.cluster.workers-per-node gradient workers until the trainer's node leaves."
        })
final class NodeCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "HOCON settings, the same on every node apart from axiom.cluster.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--out", paramLabel = "RUN_DIR", description = "Trainer node: the run directory (default: runs/node-run).")
    Path out;

    @Mixin
    ServiceOptions service = new ServiceOptions();

    @Override
    public Integer call() {
        Config settings = SettingsLoader.load(config, overrides);
        RunSettings s = RunSettings.from(settings);
        Path runDirectory = out != null ? out : Path.of("runs", "node-run");
        LogFormat.apply(s.logging(), runDirectory); // worker nodes: the run id of the --out they are given
        if (!s.cluster().role().equals(ClusterNode.TRAINER)) {
            ClusterNode.runWorkers(s);
            return 0;
        }
        TrainingJob job = TrainingJob.start(settings, runDirectory, List.of("axiom", "node"), Progress.silent());
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
