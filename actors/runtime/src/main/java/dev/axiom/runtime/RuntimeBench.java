package dev.axiom.runtime;

import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.axiom.bench.BenchConfig;
import dev.axiom.bench.BenchSetup;
import dev.axiom.data.Dataset;
import dev.axiom.metric.ResidentMemory;
import dev.axiom.nn.Network;
import dev.axiom.runtime.events.TrainingEvent;
import dev.axiom.tensor.Rng;
import dev.axiom.train.LearningRateSchedule;
import dev.axiom.train.StepReport;
import dev.axiom.train.TrainingListener;
import dev.axiom.train.TrainingLoop;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Throughput of a bench configuration (the paper CNN) trained by the plain loop and by the actor
 * runtime with one and two workers, on the same in-memory data: samples per second over the
 * steps after a warm-up, one JSON line per driver. Also runs long runtime trainings for the
 * memory soak.
 */
public final class RuntimeBench {

    private RuntimeBench() {}

    /** Prints one line per driver: the plain loop, the runtime with 1 worker, with 2 workers. */
    public static void compare(BenchConfig config, int steps, int warmup, int threads, PrintStream out) {
        Engine.getEngine("PyTorch");
        out.println(line(config, "plain-loop", 0, threads, measure(config, steps, warmup, threads, null)));
        for (int workers : new int[] {1, 2}) {
            int perWorker = Math.max(1, threads / workers);
            out.println(line(config, "runtime", workers, perWorker, measure(config, steps, warmup, perWorker,
                    RuntimeSettings.defaults().withWorkers(workers))));
            out.flush();
        }
    }

    /**
     * Trains {@code steps} steps with the runtime and {@code workers} workers, printing
     * {@code {"step": …, "rss_mb": …}} every {@code every} steps.
     */
    public static void soak(BenchConfig config, int steps, int every, int workers, int threads, PrintStream out) {
        Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(threads);
        try (BenchSetup setup = config.create(); Network net = Network.create(setup.network().architecture(), 0)) {
            Dataset data = dataset(config, 400);
            int epochs = (steps + 7) / 8;
            try (TrainingLoop loop = TrainingLoop.builder(net, setup.loop().objective()).setBatchSize(50).setEpochs(epochs)
                    .optSeed(0).optTrainingSize(data.size()).optSchedule(LearningRateSchedule.constant(1e-4)).build()) {
                ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "axiom-soak", RuntimeDriver.systemConfig());
                try {
                    TrainingRuntime.Running run = TrainingRuntime.start(system, loop, data,
                            RuntimeSettings.defaults().withWorkers(workers), e -> {
                                if (e instanceof TrainingEvent.StepCompleted s && s.step() % every == 0) {
                                    out.println("{\"step\": " + s.step() + ", \"rss_mb\": " + String.format("%.1f", ResidentMemory.megabytes()) + "}");
                                    out.flush();
                                }
                                if (e instanceof TrainingEvent.StepCompleted s && s.step() >= steps) {
                                    loop.requestStop();
                                }
                            });
                    run.await();
                } finally {
                    system.terminate();
                    system.getWhenTerminated().toCompletableFuture().join();
                }
            }
        }
    }

    private static double measure(BenchConfig config, int steps, int warmup, int threads, RuntimeSettings runtime) {
        JniUtils.setNumThreads(threads);
        try (BenchSetup setup = config.create(); Network net = Network.create(setup.network().architecture(), 0)) {
            Dataset data = dataset(config, 400);
            int total = steps + warmup;
            AtomicLong start = new AtomicLong();
            AtomicLong end = new AtomicLong();
            Consumer<Long> onStep = step -> {
                if (step == warmup) {
                    start.set(System.nanoTime());
                } else if (step == total) {
                    end.set(System.nanoTime());
                }
            };
            TrainingLoop.Builder builder = TrainingLoop.builder(net, setup.loop().objective()).setBatchSize(50)
                    .setEpochs((total + 7) / 8).optSeed(0).optTrainingSize(data.size())
                    .optSchedule(LearningRateSchedule.constant(1e-4));
            if (runtime == null) {
                builder.addListener(new TrainingListener() {
                    @Override
                    public void onStep(StepReport r) {
                        onStep.accept(r.step());
                    }
                });
            }
            try (TrainingLoop loop = builder.build()) {
                if (runtime == null) {
                    loop.fit(data);
                } else {
                    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "axiom-bench", RuntimeDriver.systemConfig());
                    try {
                        TrainingRuntime.fit(system, loop, data, runtime, e -> {
                            if (e instanceof TrainingEvent.StepCompleted s) {
                                onStep.accept(s.step());
                            }
                        });
                    } finally {
                        system.terminate();
                        system.getWhenTerminated().toCompletableFuture().join();
                    }
                }
            }
            return steps * 50 / ((end.get() - start.get()) / 1e9);
        }
    }

    /** {@code n} random images with random labels, the shape of the configuration's inputs. */
    private static Dataset dataset(BenchConfig config, int n) {
        if (!config.label().startsWith("cnn")) {
            throw new IllegalArgumentException("the runtime bench runs the CNN configurations, not " + config.label());
        }
        Rng rng = new Rng(1234);
        float[] x = rng.uniform(n * 784, 0, 1);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(10);
        }
        Shape sample = new Shape(1, 28, 28);
        return new Dataset(x, sample, y, Dataset.LabelKind.CLASS_INDEX, 1, Dataset.defaultNames(sample));
    }

    private static String line(BenchConfig config, String driver, int workers, int threads, double samplesPerSecond) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config", config.label());
        m.put("driver", driver);
        m.put("workers", workers);
        m.put("threads_per_worker", threads);
        m.put("samples_per_s", Math.round(samplesPerSecond * 10) / 10.0);
        m.put("ms_per_step", Math.round(50 / samplesPerSecond * 1e4) / 10.0);
        m.put("rss_mb", Math.round(ResidentMemory.megabytes() * 10) / 10.0);
        return dev.axiom.run.Json.line(m);
    }
}
