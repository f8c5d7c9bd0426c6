package dev.axiom.dashboard.service;

import dev.axiom.dashboard.JournalEntry;
import dev.axiom.dashboard.RunJournal;
import dev.axiom.metric.ResidentMemory;
import dev.axiom.run.Json;
import dev.axiom.run.TrainingJob;
import dev.axiom.runtime.events.TrainingEvent;
import dev.axiom.train.StepReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * A run's Prometheus metrics (Micrometer's Prometheus registry), every meter tagged with the run
 * id: fed by the job's observer (steps of the plain loop and the runtime alike, evaluations,
 * checkpoints) and the runtime's events (worker failures, restarts, losses and joins, staleness), and
 * reading the newest attribution snapshot of the run's journal for the explanations' health.
 * {@link #scrape()} gives the text exposition format. See README "Operating a long-running
 * trainer" for the list of metrics.
 */
public final class RunMetrics implements Consumer<TrainingEvent>, TrainingJob.Observer, AutoCloseable {

    private static final Duration[] STEP_BUCKETS = buckets(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
            1, 2.5, 5, 10, 30, 60, 300);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final RunJournal journal;
    private final Counter steps;
    private final Counter samples;
    private final Timer stepTime;
    private final Counter checkpoints;
    private final Timer checkpointTime;
    private final Counter workerFailures;
    private final Counter workerRestarts;
    private final Counter workersLost;
    private final Counter workersJoined;
    private final Map<String, Value> values = new ConcurrentHashMap<>();
    private volatile long lastStep = -1;
    private volatile long liveWorkers;
    private volatile Snapshot snapshot = Snapshot.NONE;

    /**
     * The metrics of run {@code runId}.
     *
     * @param journal the run's journal (attribution snapshots), or null when none is kept
     * @param explanationPrior what the snapshots' {@code explanation_value} is: {@code
     *     pixel-smoothness} (images) or {@code gini} (tables)
     * @param workers the gradient workers the run starts with
     * @param clusterMembers the cluster's members (up), or null outside a cluster
     */
    public RunMetrics(String runId, RunJournal journal, String explanationPrior, int workers, IntSupplier clusterMembers) {
        this.journal = journal;
        this.liveWorkers = workers;
        registry.config().commonTags("run_id", runId).meterFilter(PrometheusConventions.FILTER);
        steps = Counter.builder("axiom.steps").description("Updates applied (a resumed run counts from its checkpoint)")
                .register(registry);
        samples = Counter.builder("axiom.samples").description("Training samples in the applied updates").register(registry);
        stepTime = Timer.builder("axiom.step").description("Time to compute and apply one update")
                .serviceLevelObjectives(STEP_BUCKETS).register(registry);
        checkpoints = Counter.builder("axiom.checkpoints").description("Checkpoints written").register(registry);
        checkpointTime = Timer.builder("axiom.checkpoint.write").description("Time to write a checkpoint")
                .serviceLevelObjectives(STEP_BUCKETS).register(registry);
        workerFailures = Counter.builder("axiom.worker.failures").description("Shards that failed on a worker")
                .register(registry);
        workerRestarts = Counter.builder("axiom.worker.restarts").description("Workers replaced after a failure")
                .register(registry);
        workersLost = Counter.builder("axiom.workers.lost").description("Workers lost with their cluster node")
                .register(registry);
        workersJoined = Counter.builder("axiom.workers.joined")
                .description("Workers that joined the running cluster (axiom.cluster.elastic)").register(registry);
        Gauge.builder("axiom.workers", this, m -> m.liveWorkers).description("Gradient workers computing shards")
                .register(registry);
        if (clusterMembers != null) {
            Gauge.builder("axiom.cluster.members", clusterMembers, IntSupplier::getAsInt)
                    .description("Members of the Pekko cluster that are up").register(registry);
        }
        Gauge.builder("axiom.resident.memory", () -> ResidentMemory.megabytes() * 1024 * 1024).baseUnit("bytes")
                .description("Resident set size of the process (libtorch's native memory included)").register(registry);
        gauge("axiom.step.number", Tags.empty(), "The newest update applied").set(0);
        Gauge.builder("axiom.explanation.prior.value", this, m -> m.snapshot().value())
                .tags("prior", explanationPrior)
                .description("The prior's value on the fixed snapshot panel at the newest snapshot").register(registry);
        Gauge.builder("axiom.explanation.rank.agreement", this, m -> m.snapshot().rankAgreement())
                .description("Kendall's tau-b of the attributions between the two newest snapshots").register(registry);
        Gauge.builder("axiom.explanation.snapshot.step", this, m -> m.snapshot().step())
                .description("The update of the newest attribution snapshot").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The metrics in Prometheus' text exposition format. */
    public String scrape() {
        return registry.scrape();
    }

    /** The content type of {@link #scrape()}. */
    public static String contentType() {
        return "text/plain; version=0.0.4; charset=utf-8";
    }

    @Override
    public void stepped(StepReport r) {
        long previous = lastStep;
        steps.increment(previous < 0 ? r.step() : Math.max(0, r.step() - previous));
        lastStep = r.step();
        samples.increment(r.losses().batchSize());
        stepTime.record(Duration.ofNanos((long) (r.seconds() * 1e9)));
        gauge("axiom.step.number", Tags.empty(), "The newest update applied").set(r.step());
        gauge("axiom.epoch", Tags.empty(), "The epoch of the newest update (from 0)").set(r.epoch());
        gauge("axiom.loss", Tags.empty(), "Training objective of the newest update (task loss + penalties)")
                .set(r.losses().loss());
        gauge("axiom.task.loss", Tags.empty(), "Task loss of the newest update").set(r.losses().taskLoss());
        gauge("axiom.prior.loss", Tags.empty(), "Sum of the weighted penalty terms of the newest update")
                .set(r.losses().priorLoss());
        r.losses().penalties().forEach((term, value) ->
                gauge("axiom.penalty", Tags.of("term", term), "One weighted penalty term of the newest update").set(value));
        gauge("axiom.learning.rate", Tags.empty(), "Learning rate of the newest update").set(r.learningRate());
        gauge("axiom.samples.per.second", Tags.empty(), "Throughput of the newest update").set(r.samplesPerSecond());
    }

    @Override
    public void evaluated(long step, int epoch, String split, Map<String, Double> metrics) {
        metrics.forEach((metric, value) -> gauge("axiom.evaluation", Tags.of("split", split, "metric", metric),
                "The newest evaluation on a split").set(value));
    }

    @Override
    public void checkpointed(long step, Path checkpoint, double seconds) {
        checkpoints.increment();
        checkpointTime.record(Duration.ofNanos((long) (seconds * 1e9)));
    }

    @Override
    public void accept(TrainingEvent event) {
        if (event instanceof TrainingEvent.StepCompleted s) {
            gauge("axiom.staleness", Tags.empty(), "Updates between a gradient's parameters and its application")
                    .set(s.staleness());
        } else if (event instanceof TrainingEvent.WorkerFailed) {
            workerFailures.increment();
        } else if (event instanceof TrainingEvent.WorkerRestarted) {
            workerRestarts.increment();
        } else if (event instanceof TrainingEvent.WorkerLost w) {
            workersLost.increment();
            liveWorkers = Math.max(0, liveWorkers - 1);
        } else if (event instanceof TrainingEvent.WorkerJoined) {
            workersJoined.increment();
            liveWorkers++;
        }
    }

    /** The newest snapshot's health, parsed once per journal entry. */
    private Snapshot snapshot() {
        if (journal == null) {
            return Snapshot.NONE;
        }
        Optional<JournalEntry> newest = journal.latest("snapshot");
        Snapshot known = snapshot;
        if (newest.isEmpty() || newest.get().id() == known.entry()) {
            return known;
        }
        Map<String, Object> fields = Json.parse(newest.get().json());
        Snapshot parsed = new Snapshot(newest.get().id(), newest.get().step(),
                number(fields.get("explanation_value")), number(fields.get("rank_agreement")));
        snapshot = parsed;
        return parsed;
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private Value gauge(String name, Tags tags, String description) {
        return values.computeIfAbsent(name + tags, k -> {
            Value v = new Value();
            Gauge.builder(name, v, Value::get).tags(tags).description(description).register(registry);
            return v;
        });
    }

    private static Duration[] buckets(double... seconds) {
        Duration[] out = new Duration[seconds.length];
        for (int i = 0; i < seconds.length; i++) {
            out[i] = Duration.ofNanos((long) (seconds[i] * 1e9));
        }
        return out;
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    /** A gauge's value. */
    private static final class Value {
        private volatile double value = Double.NaN;

        double get() {
            return value;
        }

        Value set(double v) {
            value = v;
            return this;
        }
    }

    /** The explanations' health at one snapshot. */
    private record Snapshot(long entry, long step, double value, double rankAgreement) {
        static final Snapshot NONE = new Snapshot(-1, -1, Double.NaN, Double.NaN);
    }
}
