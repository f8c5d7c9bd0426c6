package dev.axiom.app;

import dev.axiom.bench.BenchConfig;
import dev.axiom.bench.Soak;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code axiom soak}: resident memory over many training steps. */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Runs many training steps of one bench configuration and prints {\"step\": …, \"rss_mb\": …} every N steps.")
final class SoakCommand implements Callable<Integer> {

    @Option(names = "--config", defaultValue = "cnn-eg-pixel", description = "Bench configuration (default: ${DEFAULT-VALUE}).")
    String config;

    @Option(names = "--steps", defaultValue = "20000", description = "Training steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--every", defaultValue = "500", description = "Print every this many steps (default: ${DEFAULT-VALUE}).")
    int every;

    @Option(names = "--threads", defaultValue = "2", description = "PyTorch intra-op threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--runtime-workers", defaultValue = "0", description = "Train through the actor runtime with this many workers (0: the plain loop).")
    int runtimeWorkers;

    @Override
    public Integer call() {
        if (runtimeWorkers > 0) {
            dev.axiom.runtime.RuntimeBench.soak(BenchConfig.ofLabel(config), steps, every, runtimeWorkers, threads, System.out);
            return 0;
        }
        Soak.run(BenchConfig.ofLabel(config), steps, every, threads, System.out);
        return 0;
    }
}
