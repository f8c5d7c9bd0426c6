package dev.axiom.app;

import dev.axiom.bench.Bench;
import dev.axiom.bench.BenchConfig;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code axiom bench}: milliseconds per training step, one JSON line per configuration. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Times training steps of the configurations of the PyTorch reference (shared/peers),",
            "printing config, ms_per_step (median after warm-up), samples_per_s and rss_mb as JSON lines."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--only", split = ",", paramLabel = "CONFIG", description = "Configurations (default: all): ${COMPLETION-CANDIDATES}")
    List<String> only;

    @Option(names = "--steps", defaultValue = "30", description = "Timed steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "5", description = "Warm-up steps at least (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--warmup-s", defaultValue = "5", description = "Warm-up seconds at least (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--threads", defaultValue = "2", description = "PyTorch intra-op threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--budget-s", defaultValue = "1e9", description = "Stop timing a configuration after this many seconds.")
    double budget;

    @Option(names = "--runtime", description = "Compare the plain loop with the actor runtime (1 and 2 workers) on the CNN configuration given by --only (default cnn-eg-pixel).")
    boolean runtime;

    @Override
    public Integer call() {
        if (runtime) {
            BenchConfig config = only == null ? BenchConfig.CNN_EG_PIXEL : BenchConfig.ofLabel(only.get(0));
            dev.axiom.runtime.RuntimeBench.compare(config, steps, warmup, threads, System.out);
            return 0;
        }
        List<BenchConfig> configs = only == null ? Arrays.asList(BenchConfig.values()) : only.stream().map(BenchConfig::ofLabel).toList();
        Bench.run(new Bench.Options(configs, steps, warmup, Bench.Options.defaults().warmupHeavy(), warmupSeconds, threads, budget), System.out);
        return 0;
    }
}
