package dev.axiom.bench;

import dev.axiom.metric.ResidentMemory;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Milliseconds per training step and samples per second, for the configurations of the PyTorch
 * reference: the median of timed steps after a warm-up, one JSON line per configuration with
 * {@code config}, {@code ms_per_step}, {@code samples_per_s}, {@code rss_mb} (and the minimum,
 * maximum and number of timed steps). For {@code explain-ig-300} a step is a whole explanation,
 * timed 3 to 5 times after one warm-up run.
 *
 * <pre>
 * Bench [--only cnn-eg-pixel,mlp-baseline] [--steps 30] [--warmup 5] [--warmup-s 5] [--threads 2] [--budget-s S]
 * </pre>
 */
public final class Bench {

    /** What to run and how long. */
    public record Options(
            List<BenchConfig> configs,
            int steps,
            int warmup,
            int warmupHeavy,
            double warmupSeconds,
            int threads,
            double budgetSeconds) {

        /**
         * The reference's defaults (30 timed steps, 5 warm-up steps, 2 for heavy configurations, 2
         * threads), and at least 5 s of warm-up so that the JIT compiler has compiled the hot path
         * of fast configurations before timing starts.
         */
        public static Options defaults() {
            return new Options(List.of(BenchConfig.values()), 30, 5, 2, 5.0, 2, 1e9);
        }
    }

    /** One configuration's measurement. */
    public record Result(String config, int steps, double msMedian, double msMin, double msMax, double samplesPerSecond, double rssMb) {

        /** The JSON line. */
        public String json() {
            return String.format(
                    Locale.ROOT,
                    "{\"config\": \"%s\", \"ms_per_step\": %.3f, \"samples_per_s\": %.2f, \"rss_mb\": %.1f,"
                            + " \"ms_min\": %.3f, \"ms_max\": %.3f, \"steps_timed\": %d}",
                    config, msMedian, samplesPerSecond, rssMb, msMin, msMax, steps);
        }
    }

    private Bench() {}

    /** Runs the configurations, printing each result line to {@code out} as it finishes. */
    public static List<Result> run(Options options, PrintStream out) {
        Engine.configure(options.threads());
        List<Result> results = new ArrayList<>();
        for (BenchConfig config : options.configs()) {
            Result r = measure(config, options);
            out.println(r.json());
            out.flush();
            results.add(r);
        }
        return results;
    }

    private static Result measure(BenchConfig config, Options options) {
        try (BenchSetup setup = config.create()) {
            // An explanation takes seconds: one warm-up run and 3 to 5 timed runs, as the reference.
            int warmup = config.explains() ? 1 : config.heavy() ? options.warmupHeavy() : options.warmup();
            double warmupSeconds = config.explains() ? 0 : options.warmupSeconds();
            int steps = config.explains() ? Math.max(3, Math.min(options.steps(), 5)) : options.steps();
            int i = 0;
            long warmupStart = System.nanoTime();
            while (i < warmup || (System.nanoTime() - warmupStart) / 1e9 < warmupSeconds) {
                setup.step(i++);
            }
            List<Double> times = new ArrayList<>();
            int batchSize = setup.samplesPerStep();
            long start = System.nanoTime();
            while (times.size() < steps) {
                long t0 = System.nanoTime();
                setup.step(i++);
                times.add((System.nanoTime() - t0) / 1e6);
                if (times.size() >= 5 && (System.nanoTime() - start) / 1e9 > options.budgetSeconds()) {
                    break;
                }
            }
            double[] sorted = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median =
                    sorted.length % 2 == 1
                            ? sorted[sorted.length / 2]
                            : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
            return new Result(
                    config.label(),
                    sorted.length,
                    median,
                    sorted[0],
                    sorted[sorted.length - 1],
                    batchSize / (median / 1000),
                    ResidentMemory.megabytes());
        }
    }

    /** Command-line entry point. */
    public static void main(String[] args) {
        Options defaults = Options.defaults();
        List<BenchConfig> configs = defaults.configs();
        int steps = defaults.steps();
        int warmup = defaults.warmup();
        int threads = defaults.threads();
        double budget = defaults.budgetSeconds();
        double warmupSeconds = defaults.warmupSeconds();
        for (int a = 0; a < args.length; a++) {
            switch (args[a]) {
                case "--only" -> configs = Arrays.stream(args[++a].split(",")).map(BenchConfig::ofLabel).toList();
                case "--steps" -> steps = Integer.parseInt(args[++a]);
                case "--warmup" -> warmup = Integer.parseInt(args[++a]);
                case "--threads" -> threads = Integer.parseInt(args[++a]);
                case "--budget-s" -> budget = Double.parseDouble(args[++a]);
                case "--warmup-s" -> warmupSeconds = Double.parseDouble(args[++a]);
                default -> throw new IllegalArgumentException("unknown option " + args[a]);
            }
        }
        run(new Options(configs, steps, warmup, defaults.warmupHeavy(), warmupSeconds, threads, budget), System.out);
    }
}
