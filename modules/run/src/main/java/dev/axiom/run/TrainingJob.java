package dev.axiom.run;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.typesafe.config.Config;
import dev.axiom.data.Dataset;
import dev.axiom.loss.Loss;
import dev.axiom.metric.ResidentMemory;
import dev.axiom.nn.Architecture;
import dev.axiom.nn.Network;
import dev.axiom.run.config.RunSettings;
import dev.axiom.run.config.SettingsLoader;
import dev.axiom.run.data.DataLoader;
import dev.axiom.run.data.RunData;
import dev.axiom.tensor.NonFiniteValueException;
import dev.axiom.train.Checkpoint;
import dev.axiom.train.CheckpointException;
import dev.axiom.train.Objective;
import dev.axiom.train.StepReport;
import dev.axiom.train.TrainingListener;
import dev.axiom.train.TrainingLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * A training run from its settings to its run directory, with the plain synchronous loop: loads
 * the data, builds network and objective, trains with periodic metrics, evaluation, checkpoints
 * and early stopping, and evaluates the final (or best) model on the test split.
 *
 * <p>A run resumed from its directory continues from the newest checkpoint exactly as the
 * uninterrupted run would have (the metrics written after that checkpoint are dropped and
 * written again). A NaN or infinite loss stops training with a {@link TrainingFailedException}
 * naming the step; checkpoints already written stay usable.
 */
public final class TrainingJob {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingJob.class);

    private final RunSettings settings;
    private final RunDirectory dir;
    private final Progress progress;
    private final Device device;
    private volatile TrainingLoop loop;
    private volatile boolean stopRequested;
    private String checkpointName;
    private volatile TrainingFailedException checkpointFailure;
    private volatile long checkpointAttempted = -1;

    /** What the run ended with. */
    public record Result(Path runDirectory, long steps, int epochs, Map<String, Double> test, String primaryMetric, boolean stoppedEarly) {}

    private TrainingJob(RunSettings settings, RunDirectory dir, Progress progress, Device device) {
        this.settings = settings;
        this.dir = dir;
        this.progress = progress;
        this.device = device;
    }

    /**
     * A new run in {@code runDirectory}: writes the resolved configuration and provenance.
     *
     * @throws dev.axiom.run.config.SettingsException for bad settings, or an {@code axiom.train.device}
     *     the engine cannot use (before anything is written)
     */
    public static TrainingJob start(Config config, Path runDirectory, List<String> command, Progress progress) {
        RunSettings given = RunSettings.from(config);
        Device device = Devices.resolve(given.train().device());
        RunDirectory dir = RunDirectory.create(runDirectory);
        if (dir.latestCheckpoint().isPresent() || Files.exists(dir.metrics())) {
            throw new IllegalArgumentException(
                    runDirectory + " already holds a run; resume it with --resume, or choose another --out");
        }
        Config own = config;
        if (given.model().architecture().equals("onnx")) {
            // the run keeps its own copy of the model, which config.conf (so resume, evaluate, …)
            // refers to; this first session reads the user's file, so that errors name it
            copy(Path.of(given.model().onnx().file()), dir.importedModel());
            own = config.withValue("axiom.model.onnx.file",
                    com.typesafe.config.ConfigValueFactory.fromAnyRef(dir.importedModel().getFileName().toString()));
        }
        write(dir.config(), SettingsLoader.render(own));
        TrainingJob job = new TrainingJob(given, dir, progress, device);
        job.command = command;
        return job;
    }

    /** The run in {@code runDirectory}, to be continued from its newest checkpoint. */
    public static TrainingJob resume(Path runDirectory, Progress progress) {
        return resume(runDirectory, progress, List.of());
    }

    /**
     * {@link #resume(Path, Progress)} on another cluster address: {@code clusterOverrides} may set
     * {@code axiom.cluster.*} keys only (a node's host, port and seed nodes may change between
     * invocations; what the run computes may not).
     *
     * @throws dev.axiom.run.config.SettingsException naming an override outside {@code axiom.cluster}
     */
    public static TrainingJob resume(Path runDirectory, Progress progress, List<String> clusterOverrides) {
        for (String o : clusterOverrides) {
            if (!o.strip().startsWith("axiom.cluster.")) {
                throw new dev.axiom.run.config.SettingsException("--set " + o + ": a resumed run keeps its settings; "
                        + "only axiom.cluster.* (where this node listens and whom it joins) may change");
            }
        }
        RunDirectory dir = RunDirectory.existing(runDirectory);
        RunSettings settings = dir.settings(clusterOverrides);
        return new TrainingJob(settings, dir, progress, Devices.resolve(settings.train().device()));
    }

    private List<String> command = List.of();
    private LoopDriver driver = LoopDriver.plain();
    private Observer observer = new Observer() {};

    /** Hears about evaluations and checkpoints as they happen (on the training thread). */
    public interface Observer {
        /** An update was applied (plain loop and runtime alike), with its losses and duration. */
        default void stepped(StepReport report) {}

        /** The model was evaluated on {@code split} ("validation" or "test"). */
        default void evaluated(long step, int epoch, String split, Map<String, Double> metrics) {}

        /** A checkpoint was written. */
        default void checkpointed(long step, Path checkpoint) {}

        /** A checkpoint was written in {@code seconds}; by default {@link #checkpointed(long, Path)}. */
        default void checkpointed(long step, Path checkpoint, double seconds) {
            checkpointed(step, checkpoint);
        }

        /** One observer that tells each of {@code observers} in turn. */
        static Observer all(Observer... observers) {
            List<Observer> list = List.of(observers);
            return new Observer() {
                @Override
                public void stepped(StepReport report) {
                    list.forEach(o -> o.stepped(report));
                }

                @Override
                public void evaluated(long step, int epoch, String split, Map<String, Double> metrics) {
                    list.forEach(o -> o.evaluated(step, epoch, split, metrics));
                }

                @Override
                public void checkpointed(long step, Path checkpoint, double seconds) {
                    list.forEach(o -> o.checkpointed(step, checkpoint, seconds));
                }
            };
        }
    }

    /** Sets the observer. */
    public TrainingJob withObserver(Observer observer) {
        this.observer = observer;
        return this;
    }

    /** How the loop's steps are driven (default: the plain loop on this thread). */
    public TrainingJob withDriver(LoopDriver driver) {
        this.driver = driver;
        return this;
    }

    /**
     * Resumes from the checkpoint {@code name} ({@code step-N} or {@code N}) instead of the newest
     * intact one; the newer ones are set aside, not deleted.
     */
    public TrainingJob fromCheckpoint(String name) {
        this.checkpointName = name;
        return this;
    }

    /** Asks the run to stop after the current step and write a checkpoint (thread-safe). */
    public void requestStop() {
        stopRequested = true;
        TrainingLoop l = loop;
        if (l != null) {
            l.requestStop();
        }
    }

    /** The settings of the run. */
    public RunSettings settings() {
        return settings;
    }

    /** The device of the network, its batches and every tensor of a step ({@code axiom.train.device}). */
    public Device device() {
        return device;
    }

    /**
     * Trains.
     *
     * @throws TrainingFailedException if the loss becomes NaN or infinite
     */
    public Result run() {
        if (settings.train().threads() > 0) {
            ai.djl.engine.Engine.getEngine("PyTorch");
            JniUtils.setNumThreads(settings.train().threads());
        }
        RunData data = DataLoader.load(settings);
        if (!Files.exists(dir.provenance())) {
            Json.write(dir.provenance(), Provenance.of(settings.seed(), data.files(), command));
            Json.write(dir.preprocessing(), data.preprocessingRecord());
        }
        Shape sample = data.train().sampleShape();
        Loss loss = Objectives.loss(settings, data.train());
        try (NDManager pools = NDManager.newBaseManager(device);
                Network net = Models.network(settings.model(), sample, data.outputs(), settings.seed(), device)) {
            Architecture arch = net.architecture();
            NDArray pool = data.train().features(pools);
            NDArray mean = pool.mean(new int[] {0});
            Objective objective = Objectives.objective(settings, data, pool, mean);
            Evaluator evaluator = new Evaluator(net, loss, 256);
            String primary = Evaluator.primaryMetric(data.train(), loss);
            EarlyStopping early = new EarlyStopping(primary, settings.train().earlyStoppingPatience());
            Listener listener = new Listener(data, evaluator, early, net);
            TrainingLoop built = TrainingLoop.builder(net, objective)
                    .setBatchSize(settings.train().batchSize())
                    .setEpochs(streaming() ? Integer.MAX_VALUE : settings.train().epochs())
                    .optOptimizer(Objectives.optimizer(settings.train().optimizer()))
                    .optSchedule(Objectives.schedule(settings.train()))
                    .optSeed(settings.seed())
                    .optTrainingSize(data.train().size())
                    .optFrozen(Frozen.names(settings.train().freeze(), net))
                    .addListener(listener)
                    .build();
            try (TrainingLoop l = built) {
                loop = l;
                MetricsLog.truncateAfter(dir.metrics(), resumeFrom(net, l, early));
                if (stopRequested) {
                    l.requestStop();
                }
                try (MetricsLog metrics = new MetricsLog(dir.metrics())) {
                    listener.metrics = metrics;
                    event(LOG.atInfo(), "start", l.stepCount(), l.epoch()).addKeyValue("device", Devices.name(device))
                            .log("training {} ({} parameters) on {} samples{}; run directory {}",
                            arch.summary(), net.parameterCount(), data.train().size(),
                            objective.robust().perturbs() ? ", robust " + objective.robust().describe() : "", dir.root());
                    progress.start("train", streaming() ? -1 : (long) settings.train().epochs() * batches(data.train()));
                    progress.update(l.stepCount(), "");
                    try {
                        driver.fit(l, data.train(), shard -> DataLoader.loadOther(settings, data, shard.toString(), null));
                    } catch (NonFiniteValueException e) {
                        metrics.write(record("error", l.stepCount() + 1, l.epoch(), Map.of("message", e.getMessage())));
                        String last = dir.latestCheckpoint().map(Path::toString).orElse("none yet");
                        throw new TrainingFailedException(e.getMessage() + "; the last good checkpoint is " + last, e);
                    } finally {
                        progress.close();
                    }
                    if (checkpointFailure == null && checkpointAttempted != l.stepCount()) {
                        writeCheckpoint(net, l, metrics); // stopped between checkpoints
                    }
                    if (checkpointFailure != null) {
                        throw checkpointFailure;
                    }
                    boolean stoppedEarly = early.stopped();
                    if (early.bestStep() >= 0 && settings.train().earlyStoppingPatience() > 0) {
                        Checkpoint.read(dir.checkpoint(early.bestStep())).restore(net, null);
                        event(LOG.atInfo(), "best-restored", early.bestStep(), l.epoch()).log(
                                "restored the best model (step {}, validation {} {})", early.bestStep(), primary, early.best());
                    }
                    Map<String, Double> test = evaluator.evaluate(data.test());
                    Map<String, Object> fields = new LinkedHashMap<>(prefixed("test_", test));
                    fields.put("split", "test");
                    metrics.write(record("evaluation", l.stepCount(), l.epoch(), fields));
                    observer.evaluated(l.stepCount(), l.epoch(), "test", test);
                    event(LOG.atInfo(), "evaluation", l.stepCount(), l.epoch()).addKeyValue("split", "test")
                            .addKeyValue("metrics", test).log("test: {}", test);
                    return new Result(dir.root(), l.stepCount(), l.epoch(), test, primary, stoppedEarly);
                }
            } finally {
                loop = null;
            }
        }
    }

    private static void copy(Path from, Path to) {
        if (!Files.isRegularFile(from)) {
            throw new dev.axiom.run.config.SettingsException("axiom.model.onnx.file: " + from
                    + (Files.exists(from) ? " is not a file" : " does not exist"));
        }
        try {
            Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new dev.axiom.run.config.SettingsException("axiom.model.onnx.file: no file " + from);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot copy the model " + from + " into the run directory", e);
        }
    }

    /** Whether training reads an unbounded stream of shards (axiom.runtime.watch-directory). */
    private boolean streaming() {
        return settings.runtime().watchDirectory() != null;
    }

    /**
     * Restores the checkpoint to continue from, if resuming (the one named by
     * {@link #fromCheckpoint}, else the newest intact one), after setting aside the checkpoints
     * newer than it; returns its step (0 for a fresh run).
     */
    private long resumeFrom(Network net, TrainingLoop l, EarlyStopping early) {
        Optional<ResumePoint> point = checkpointName != null
                ? Optional.of(ResumePoint.named(dir, checkpointName))
                : ResumePoint.newestIntact(dir);
        if (point.isEmpty()) {
            return 0;
        }
        ResumePoint p = point.get();
        p.skipped().forEach(why -> LOG.warn("skipping checkpoint {}", why));
        for (Path newer : dir.checkpoints()) {
            if (newer.getFileName().toString().compareTo(p.path().getFileName().toString()) > 0) {
                Path aside = dir.setAside(newer);
                LOG.warn("set aside {} (newer than the checkpoint resumed from) as {}", newer.getFileName(), dir.root().relativize(aside));
            }
        }
        p.checkpoint().restore(net, l);
        early.replay(MetricsLog.read(dir.metrics()), l.stepCount());
        event(LOG.atInfo(), "resume", l.stepCount(), l.epoch()).log(
                "resuming {} from {} (step {}, epoch {})", dir.root(), p.path().getFileName(), l.stepCount(), l.epoch());
        return l.stepCount();
    }

    private int batches(Dataset train) {
        int b = settings.train().batchSize();
        return (train.size() + b - 1) / b;
    }

    private Path checkpointPath(long step) {
        Path p = dir.checkpoint(step);
        if (Files.exists(p)) {
            RunDirectory.delete(p);
        }
        return p;
    }

    /**
     * Writes the loop's checkpoint and returns its directory, or null if it cannot be written (a
     * full or unwritable disk): then the loop is asked to stop after this step and the run ends
     * with an error naming the path and the last good checkpoint, which stays intact; with
     * {@code on-checkpoint-failure = continue} the failure is logged and training goes on.
     */
    private Path writeCheckpoint(Network net, TrainingLoop l, MetricsLog metrics) {
        checkpointAttempted = l.stepCount();
        Path target = checkpointPath(l.stepCount());
        try {
            Checkpoint.of(net, l).write(target);
            return target;
        } catch (CheckpointException e) {
            String last = lastGoodCheckpoint();
            if (settings.train().onCheckpointFailure().equals("continue")) {
                event(LOG.atWarn(), "checkpoint-failed", l.stepCount(), l.epoch()).log(
                        "{}; training goes on without it (axiom.train.on-checkpoint-failure = continue); the last good checkpoint is {}",
                        e.getMessage(), last);
                metrics.write(record("checkpoint_failed", l.stepCount(), l.epoch(), Map.of("message", e.getMessage())));
                return null;
            }
            // Thrown once the driver has returned: an exception inside a step would end the runtime's trainer abruptly.
            checkpointFailure = new TrainingFailedException(e.getMessage() + "; the run stops (axiom.train.on-checkpoint-failure "
                    + "= stop) with its last good checkpoint " + last, e);
            l.requestStop();
            return null;
        }
    }

    private String lastGoodCheckpoint() {
        try {
            return ResumePoint.newestIntact(dir).map(p -> p.path().toString()).orElse("none");
        } catch (CheckpointException e) {
            return "none intact";
        }
    }

    /** Writes metrics, evaluates, checkpoints, prunes, stops early, reports progress. */
    private final class Listener implements TrainingListener {
        private final RunData data;
        private final Evaluator evaluator;
        private final EarlyStopping early;
        private final Network net;
        MetricsLog metrics;

        Listener(RunData data, Evaluator evaluator, EarlyStopping early, Network net) {
            this.data = data;
            this.evaluator = evaluator;
            this.early = early;
            this.net = net;
        }

        @Override
        public void onStep(StepReport r) {
            progress.update(r.step(), String.format("loss %.4f", r.losses().loss()));
            observer.stepped(r);
            if (r.step() % settings.train().logEverySteps() == 0) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("loss", r.losses().loss());
                f.put("task_loss", r.losses().taskLoss());
                f.put("prior_loss", r.losses().priorLoss());
                f.put("lr", r.learningRate());
                f.put("samples_per_s", r.samplesPerSecond());
                f.put("rss_mb", ResidentMemory.megabytes());
                metrics.write(record("step", r.step(), r.epoch(), f));
            }
            if (r.step() % settings.train().checkpointEverySteps() == 0) {
                saveCheckpoint();
            }
        }

        @Override
        public void onEpochEnd(TrainingLoop l, int epoch) {
            if ((epoch + 1) % settings.train().evaluateEveryEpochs() == 0 && data.validation().size() > 0) {
                Map<String, Double> v = evaluator.evaluate(data.validation());
                Map<String, Object> f = new LinkedHashMap<>(prefixed("val_", v));
                f.put("split", "validation");
                metrics.write(record("evaluation", l.stepCount(), epoch, f));
                observer.evaluated(l.stepCount(), epoch, "validation", v);
                event(LOG.atInfo(), "evaluation", l.stepCount(), epoch).addKeyValue("split", "validation")
                        .addKeyValue("metrics", v).log("epoch {}: validation {}", epoch + 1, v);
                saveCheckpoint();
                if (early.observe(v, l.stepCount())) {
                    event(LOG.atInfo(), "early-stop", l.stepCount(), epoch).log(
                            "early stopping after epoch {}: no improvement of {} for {} evaluations",
                            epoch + 1, early.metric(), settings.train().earlyStoppingPatience());
                    l.requestStop();
                }
            } else {
                saveCheckpoint();
            }
        }

        private void saveCheckpoint() {
            TrainingLoop l = loop;
            long started = System.nanoTime();
            Path written = writeCheckpoint(net, l, metrics);
            if (written == null) {
                return;
            }
            event(LOG.atDebug(), "checkpoint", l.stepCount(), l.epoch()).log("checkpoint {}", written);
            observer.checkpointed(l.stepCount(), written, (System.nanoTime() - started) / 1e9);
            List<Path> all = new ArrayList<>(dir.checkpoints());
            int keep = settings.train().keepCheckpoints();
            for (int i = 0; i < all.size() - keep; i++) {
                Path old = all.get(i);
                if (!old.equals(dir.checkpoint(early.bestStep()))) {
                    RunDirectory.delete(old);
                }
            }
        }
    }

    /**
     * A log call carrying the step, epoch (as in metrics.jsonl) and event as key-value pairs: fields
     * of JSON log lines ({@code axiom.logging.format = json}), not shown in text lines.
     */
    private static LoggingEventBuilder event(LoggingEventBuilder log, String event, long step, int epoch) {
        return log.addKeyValue("event", event).addKeyValue("step", step).addKeyValue("epoch", epoch);
    }

    static Map<String, Object> record(String type, long step, int epoch, Map<String, ?> fields) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("type", type);
        r.put("step", step);
        r.put("epoch", epoch);
        r.put("time", System.currentTimeMillis() / 1000.0);
        r.putAll(fields);
        return r;
    }

    private static Map<String, Object> prefixed(String prefix, Map<String, Double> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(prefix + k, v));
        return out;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
