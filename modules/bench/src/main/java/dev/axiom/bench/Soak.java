package dev.axiom.bench;

import dev.axiom.metric.ResidentMemory;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Runs many training steps of one bench configuration (default {@code cnn-eg-pixel}) and prints
 * {@code {"step": …, "rss_mb": …}} every {@code every} steps (default 500), so anyone can see
 * resident memory stay flat.
 *
 * <pre>
 * Soak [--config cnn-eg-pixel] [--steps 20000] [--every 500] [--threads 2]
 * </pre>
 */
public final class Soak {

    private Soak() {}

    /** Runs {@code steps} steps of {@code config}, printing to {@code out}. */
    public static void run(BenchConfig config, int steps, int every, int threads, PrintStream out) {
        Engine.configure(threads);
        try (BenchSetup setup = config.create()) {
            for (int i = 1; i <= steps; i++) {
                setup.step(i - 1);
                if (i % every == 0 || i == steps) {
                    out.printf(Locale.ROOT, "{\"step\": %d, \"rss_mb\": %.1f}%n", i, ResidentMemory.megabytes());
                    out.flush();
                }
            }
        }
    }

    /** Command-line entry point. */
    public static void main(String[] args) {
        BenchConfig config = BenchConfig.CNN_EG_PIXEL;
        int steps = 20_000;
        int every = 500;
        int threads = 2;
        for (int a = 0; a < args.length; a++) {
            switch (args[a]) {
                case "--config" -> config = BenchConfig.ofLabel(args[++a]);
                case "--steps" -> steps = Integer.parseInt(args[++a]);
                case "--every" -> every = Integer.parseInt(args[++a]);
                case "--threads" -> threads = Integer.parseInt(args[++a]);
                default -> throw new IllegalArgumentException("unknown option " + args[a]);
            }
        }
        run(config, steps, every, threads, System.out);
    }
}
