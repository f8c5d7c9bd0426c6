package dev.axiom.runtime.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.axiom.data.Dataset;
import dev.axiom.runtime.RuntimeSettings;
import dev.axiom.runtime.cluster.RemoteWorker;
import dev.axiom.runtime.cluster.RemoteWorkerProxy;
import dev.axiom.runtime.events.TrainingEvent;
import dev.axiom.runtime.prior.PriorAggregator;
import dev.axiom.runtime.references.ReferenceSampler;
import dev.axiom.runtime.stream.BatchStream;
import dev.axiom.runtime.stream.LoadedBatch;
import dev.axiom.runtime.worker.GradientWorker;
import dev.axiom.runtime.worker.Gradients;
import dev.axiom.runtime.worker.WorkerSetup;
import dev.axiom.tensor.Autograd;
import dev.axiom.tensor.NonFiniteValueException;
import dev.axiom.train.ShardBuffers;
import dev.axiom.train.Shards;
import dev.axiom.train.StepLosses;
import dev.axiom.train.StepPlan;
import dev.axiom.train.StepReport;
import dev.axiom.train.TrainingLoop;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import dev.axiom.runtime.RuntimeDispatchers;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The supervising trainer: spawns the gradient workers (each restarted from the current
 * parameters when it fails), the prior aggregator and the data loader's stream; plans each step,
 * hands its shards to the workers, sums their weighted gradients (and their weighted changes of
 * the buffers, {@link ShardBuffers}) into the master network and applies the optimiser through
 * the {@link TrainingLoop} (whose listeners evaluate, checkpoint and stop early), and publishes
 * what happened as {@link TrainingEvent}s.
 *
 * <p>Synchronous mode: every step each worker computes one shard of one batch; the step is applied
 * when all shards are in, so a run is deterministic for its seed and one worker reproduces the
 * plain loop exactly. Asynchronous mode: each worker computes whole batches on the parameters it
 * last copied, each gradient is applied on arrival unless it is more than {@code maxStaleness}
 * updates old, in which case its batch is computed again. Either way every batch drawn from the
 * loader is applied exactly once.
 */
public final class Trainer extends AbstractBehavior<Trainer.Command> {

    /** Messages. */
    public sealed interface Command {}

    /** A worker (new, or restarted by its supervisor) is ready for work. */
    public record WorkerReady(int worker, ActorRef<GradientWorker.Command> ref) implements Command {}

    /** A worker's shard is done, with its weighted gradient and buffer changes. */
    public record ShardComputed(
            int worker,
            long step,
            int shard,
            long parametersVersion,
            StepLosses losses,
            Gradients gradients,
            float[] importance)
            implements Command {}

    /** A worker's shard has a NaN or infinite objective. */
    public record ShardNotFinite(int worker, long step, int shard, NonFiniteValueException error) implements Command {}

    /** A worker threw while computing a shard (its supervisor restarts it). */
    public record ShardCrashed(int worker, long step, int shard, String message) implements Command {}

    /** Pause after the current step. */
    public record Pause() implements Command {}

    /** Continue a paused run. */
    public record Resume() implements Command {}

    /** Stop after the current step. */
    public record Stop() implements Command {}

    private record BatchArrived(Optional<LoadedBatch> batch) implements Command {}

    private record BatchStreamFailed(Throwable error) implements Command {}

    private record ImportanceEstimated(PriorAggregator.Estimate estimate) implements Command {}

    private record WorkerTerminated(int worker) implements Command {}

    private record RemoteWorkersListed(Receptionist.Listing listing) implements Command {}

    private record ReferencesDrawn(ReferenceSampler.Drawn drawn) implements Command {}

    /** A step being computed: its batch, its shards' bounds and what came back so far. */
    private static final class InFlight {
        final StepPlan plan;
        final LoadedBatch batch;
        final int[] bounds;
        final ShardComputed[] done;
        final int[] attempts;
        final int[] assignedTo;
        final float[][] references;
        final long started = System.nanoTime();
        long version;

        InFlight(StepPlan plan, LoadedBatch batch, int[] bounds) {
            this.plan = plan;
            this.batch = batch;
            this.bounds = bounds;
            this.done = new ShardComputed[bounds.length - 1];
            this.attempts = new int[bounds.length - 1];
            this.assignedTo = new int[bounds.length - 1];
            this.references = new float[bounds.length - 1][];
        }

        boolean complete() {
            return Arrays.stream(done).allMatch(d -> d != null);
        }

        double seconds() {
            return (System.nanoTime() - started) / 1e9;
        }
    }

    private final TrainingLoop loop;
    private final boolean streaming;
    private final Dataset train;
    private final RuntimeSettings settings;
    private final Consumer<TrainingEvent> events;
    private final CompletableFuture<Void> done;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final WorkerSetup setup;
    private final List<ActorRef<GradientWorker.Command>> workers = new ArrayList<>();
    private final ActorRef<PriorAggregator.Command> aggregator;
    private final ActorRef<PriorAggregator.Estimate> estimates;
    /** The reference sampler, for objectives with references from the training set; else null. */
    private final ActorRef<ReferenceSampler.Command> sampler;
    private final ActorRef<ReferenceSampler.Drawn> drawn;
    private final int pooledReferences;
    private final SinkQueueWithCancel<LoadedBatch> queue;
    private final Deque<LoadedBatch> ready = new ArrayDeque<>();
    /** Steps in flight by worker (asynchronous mode: one per worker; synchronous: the same one for all). */
    private final InFlight[] working;
    private final int[] restarts;
    private final int[] incarnations;
    private final boolean[] seen;
    /** False for the slots of workers lost with their node. */
    private final boolean[] alive;
    private final java.util.Map<ActorRef<RemoteWorker.Command>, Integer> remoteSlots = new java.util.HashMap<>();
    private boolean pulling;
    private boolean exhausted;
    private boolean paused;
    private boolean awaitingImportance;
    private boolean ended;
    private float[] importance;
    private long batchesDrawn;
    private long batchesApplied;

    private Trainer(
            ActorContext<Command> context,
            TrainingLoop loop,
            Dataset train,
            Source<LoadedBatch, ?> stream,
            RuntimeSettings settings,
            Consumer<TrainingEvent> events,
            CompletableFuture<Void> done) {
        super(context);
        this.streaming = stream != null;
        this.loop = loop;
        this.train = train;
        this.settings = settings;
        this.events = events;
        this.done = done;
        boolean shareMaster = settings.workers() == 1 && settings.cluster().remoteWorkers() == 0
                && settings.mode() == RuntimeSettings.Mode.SYNCHRONOUS;
        this.setup = WorkerSetup.of(loop.network(), lock, loop.objective(), settings.faults(), settings.workers(), shareMaster);
        int slots = settings.slots();
        this.working = new InFlight[slots];
        this.restarts = new int[slots];
        this.incarnations = new int[slots];
        this.seen = new boolean[slots];
        this.alive = new boolean[slots];
        java.util.Arrays.fill(alive, true);
        this.aggregator = context.spawn(PriorAggregator.create(settings.importanceDecay()), "prior-aggregator");
        this.estimates = context.messageAdapter(PriorAggregator.Estimate.class, ImportanceEstimated::new);
        this.pooledReferences = loop.objective().pooledReferences();
        this.sampler = pooledReferences == 0 ? null
                : context.spawn(ReferenceSampler.create(settings.reservoir(), loop.seed() ^ 0x2545F4914F6CDD1DL), "reference-sampler");
        this.drawn = context.messageAdapter(ReferenceSampler.Drawn.class, ReferencesDrawn::new);
        if (sampler != null && train != null) {
            sampler.tell(new ReferenceSampler.Offer(train));
        }
        for (int w = 0; w < slots; w++) {
            workers.add(null);
        }
        for (int w = 0; w < settings.workers(); w++) {
            spawnWorker(w);
        }
        if (settings.cluster().remoteWorkers() > 0) {
            context.getSystem().receptionist().tell(Receptionist.subscribe(RemoteWorker.KEY,
                    context.messageAdapter(Receptionist.Listing.class, RemoteWorkersListed::new)));
        }
        var state = loop.state();
        Source<LoadedBatch, ?> batches = stream != null
                ? stream
                : BatchStream.epochs(train, loop, state.epoch(), state.batchInEpoch(), settings.prefetch());
        this.queue = batches.runWith(Sink.queue(), context.getSystem());
    }

    /**
     * A trainer of {@code loop} on {@code train}: publishes to {@code events} and completes
     * {@code done} when training ends (exceptionally with a {@link NonFiniteValueException} naming
     * the step, or a {@link RuntimeFailure} when a worker cannot be recovered).
     */
    public static Behavior<Command> create(
            TrainingLoop loop,
            Dataset train,
            RuntimeSettings settings,
            Consumer<TrainingEvent> events,
            CompletableFuture<Void> done) {
        return Behaviors.setup(context -> new Trainer(context, loop, train, null, settings, events, done));
    }

    /**
     * A trainer of {@code loop} on the batches of {@code stream} (an unbounded source, say), each
     * batch that ends its epoch ending the loop's epoch; trains until the stream completes or the
     * run is stopped.
     */
    public static Behavior<Command> create(
            TrainingLoop loop,
            Source<LoadedBatch, ?> stream,
            RuntimeSettings settings,
            Consumer<TrainingEvent> events,
            CompletableFuture<Void> done) {
        return Behaviors.setup(context -> new Trainer(context, loop, null, stream, settings, events, done));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(WorkerReady.class, this::onWorkerReady)
                .onMessage(BatchArrived.class, this::onBatch)
                .onMessage(BatchStreamFailed.class, m -> fail(new RuntimeFailure("the data loader failed: " + m.error(), m.error())))
                .onMessage(ShardComputed.class, this::onShard)
                .onMessage(ShardNotFinite.class, m -> fail(loop.failed(m.error())))
                .onMessage(ShardCrashed.class, this::onCrash)
                .onMessage(WorkerTerminated.class, this::onWorkerTerminated)
                .onMessage(RemoteWorkersListed.class, this::onRemoteWorkers)
                .onMessage(ReferencesDrawn.class, this::onReferences)
                .onMessage(ImportanceEstimated.class, this::onImportance)
                .onMessage(Pause.class, m -> pause())
                .onMessage(Resume.class, m -> resume())
                .onMessage(Stop.class, m -> stop())
                .onSignal(PostStop.class, s -> {
                    queue.cancel();
                    if (!ended) {
                        ended = true;
                        String message = "the trainer stopped unexpectedly at step " + loop.stepCount() + " (see the log)";
                        events.accept(new TrainingEvent.Failed(loop.stepCount(), message));
                        done.completeExceptionally(new RuntimeFailure(message, null));
                    }
                    return this;
                })
                .build();
    }

    private void spawnWorker(int w) {
        Behavior<GradientWorker.Command> supervised =
                Behaviors.supervise(GradientWorker.create(w, setup, getContext().getSelf()))
                        .onFailure(RuntimeException.class, SupervisorStrategy.restart());
        ActorRef<GradientWorker.Command> ref = getContext().spawn(
                supervised, "worker-" + w + "-" + incarnations[w]++, RuntimeDispatchers.worker(getContext().getSystem(), w));
        getContext().watchWith(ref, new WorkerTerminated(w));
        workers.set(w, ref);
    }

    // ---- workers ----

    private Behavior<Command> onWorkerReady(WorkerReady m) {
        workers.set(m.worker(), m.ref());
        if (seen[m.worker()]) {
            restarts[m.worker()]++;
            events.accept(new TrainingEvent.WorkerRestarted(loop.stepCount(), m.worker(), restarts[m.worker()]));
            InFlight f = working[m.worker()];
            if (f != null) {
                redispatch(f, m.worker());
            }
            return this;
        }
        seen[m.worker()] = true;
        for (boolean s : seen) {
            if (!s) {
                return this;
            }
        }
        return advance();
    }

    private Behavior<Command> onCrash(ShardCrashed m) {
        events.accept(new TrainingEvent.WorkerFailed(loop.stepCount(), m.worker(), m.message()));
        InFlight f = working[m.worker()];
        if (f != null && m.shard() < f.attempts.length && f.attempts[m.shard()] >= settings.maxAttempts()) {
            return fail(new RuntimeFailure("worker " + m.worker() + " failed " + f.attempts[m.shard()]
                    + " times on step " + m.step() + ": " + m.message(), null));
        }
        return this;
    }

    private Behavior<Command> onWorkerTerminated(WorkerTerminated m) {
        if (ended) {
            return this;
        }
        if (m.worker() >= settings.workers()) {
            return onRemoteWorkerLost(m.worker());
        }
        getContext().getLog().warn("worker {} stopped; starting a replacement", m.worker());
        spawnWorker(m.worker());
        return this;
    }

    private Behavior<Command> onRemoteWorkers(RemoteWorkersListed m) {
        for (ActorRef<RemoteWorker.Command> remote : m.listing().getServiceInstances(RemoteWorker.KEY)) {
            if (remoteSlots.containsKey(remote) || remoteSlots.size() >= settings.cluster().remoteWorkers()) {
                continue;
            }
            int slot = settings.workers() + remoteSlots.size();
            remoteSlots.put(remote, slot);
            getContext().getLog().info("remote worker {} joined as worker {}", remote.path(), slot);
            ActorRef<GradientWorker.Command> proxy = getContext().spawn(
                    RemoteWorkerProxy.create(slot, remote, setup, getContext().getSelf(), settings.cluster().chunkFloats()),
                    "remote-worker-" + slot);
            getContext().watchWith(proxy, new WorkerTerminated(slot));
            workers.set(slot, proxy);
        }
        return this;
    }

    /** A remote worker's node left: go on without it (its shards to the others), or stop after this step. */
    private Behavior<Command> onRemoteWorkerLost(int slot) {
        alive[slot] = false;
        String node = remoteSlots.entrySet().stream().filter(e -> e.getValue() == slot)
                .map(e -> e.getKey().path().address().toString()).findFirst().orElse("?");
        boolean continuing = settings.cluster().continueOnLoss();
        getContext().getLog().warn("worker {} on {} was lost; {}", slot, node,
                continuing ? "continuing with the other workers" : "stopping after this step");
        events.accept(new TrainingEvent.WorkerLost(loop.stepCount(), slot, node, continuing));
        if (!continuing) {
            loop.requestStop();
        }
        InFlight f = working[slot];
        working[slot] = null;
        List<Integer> live = liveWorkers();
        if (live.isEmpty()) {
            return fail(new RuntimeFailure("every worker was lost at step " + loop.stepCount(), null));
        }
        if (f != null) {
            int next = 0;
            for (int s = 0; s < f.done.length; s++) {
                if (f.assignedTo[s] == slot && f.done[s] == null) {
                    int to = live.get(next++ % live.size());
                    f.assignedTo[s] = to;
                    working[to] = f;
                    send(f, s);
                }
            }
        }
        return advance();
    }

    private List<Integer> liveWorkers() {
        List<Integer> live = new ArrayList<>();
        for (int w = 0; w < alive.length; w++) {
            if (alive[w] && seen[w]) {
                live.add(w);
            }
        }
        return live;
    }

    // ---- batches and steps ----

    /** Starts whatever work can start now. */
    private Behavior<Command> advance() {
        if (ended) {
            return this;
        }
        if (nothingInFlight() && (trainingDone() || (exhausted && ready.isEmpty()))) {
            return finish();
        }
        if (paused || awaitingImportance || loop.stopRequested()) {
            return this;
        }
        if (settings.mode() == RuntimeSettings.Mode.SYNCHRONOUS) {
            if (nothingInFlight()) {
                if (ready.isEmpty()) {
                    pull();
                } else {
                    dispatchSynchronous(ready.poll());
                }
            }
        } else {
            for (int w = 0; w < working.length; w++) {
                if (working[w] == null && alive[w]) {
                    if (ready.isEmpty()) {
                        pull();
                        break;
                    }
                    dispatchAsynchronous(ready.poll(), w);
                }
            }
        }
        return this;
    }

    private boolean trainingDone() {
        return streaming ? loop.stopRequested() || loop.epoch() >= loop.epochs() : loop.finished(train.size());
    }

    private void pull() {
        if (pulling || exhausted) {
            return;
        }
        pulling = true;
        getContext().pipeToSelf(queue.pull(), (batch, error) ->
                error != null ? new BatchStreamFailed(error) : new BatchArrived(batch));
    }

    private Behavior<Command> onBatch(BatchArrived m) {
        pulling = false;
        if (m.batch().isEmpty()) {
            exhausted = true;
        } else {
            batchesDrawn++;
            ready.add(m.batch().get());
            if (sampler != null && streaming) {
                sampler.tell(new ReferenceSampler.Offer(m.batch().get().rows()));
            }
        }
        return advance();
    }

    private void dispatchSynchronous(LoadedBatch batch) {
        StepPlan plan = loop.planStep(liveWorkers().size());
        if (batch.epoch() != plan.epoch() || batch.batchInEpoch() != plan.batchInEpoch()) {
            throw new IllegalStateException("the data loader delivered batch " + batch.batchInEpoch() + " of epoch "
                    + batch.epoch() + " for batch " + plan.batchInEpoch() + " of epoch " + plan.epoch());
        }
        List<Integer> live = liveWorkers();
        InFlight f = new InFlight(plan, batch, Shards.bounds(batch.size(), Shards.count(batch.size(), live.size())));
        f.version = loop.stepCount();
        for (int s = 0; s < f.done.length; s++) {
            f.assignedTo[s] = live.get(s);
            working[live.get(s)] = f;
            send(f, s);
        }
    }

    private void dispatchAsynchronous(LoadedBatch batch, int worker) {
        StepPlan plan = loop.planStep(1);
        InFlight f = new InFlight(plan, batch, new int[] {0, batch.size()});
        f.assignedTo[0] = worker;
        f.version = loop.stepCount();
        working[worker] = f;
        send(f, 0);
    }

    private void send(InFlight f, int shard) {
        int from = f.bounds[shard];
        int to = f.bounds[shard + 1];
        if (sampler != null && f.references[shard] == null) {
            sampler.tell(new ReferenceSampler.Draw(f.plan.step(), shard, pooledReferences * (to - from),
                    f.plan.shardSeeds()[shard] ^ 0x9E3779B97F4A7C15L, drawn));
            return;
        }
        f.attempts[shard]++;
        workers.get(f.assignedTo[shard]).tell(new GradientWorker.Compute(
                f.plan.step(), shard, f.batch, from, to, f.plan.shardSeeds()[shard],
                (to - from) / (double) f.batch.size(), importance, settings.importanceDecay(), f.version,
                f.references[shard]));
    }

    private Behavior<Command> onReferences(ReferencesDrawn m) {
        ReferenceSampler.Drawn d = m.drawn();
        if (d.rows() == null) {
            return fail(new RuntimeFailure("the reference sampler has no data to draw references from", null));
        }
        for (InFlight f : working) {
            if (f != null && f.plan.step() == d.step() && d.shard() < f.references.length && f.references[d.shard()] == null) {
                f.references[d.shard()] = d.rows();
                send(f, d.shard());
                return this;
            }
        }
        return this;
    }

    private void redispatch(InFlight f, int worker) {
        for (int s = 0; s < f.done.length; s++) {
            if (f.assignedTo[s] == worker && f.done[s] == null) {
                if (settings.mode() == RuntimeSettings.Mode.ASYNCHRONOUS) {
                    f.version = loop.stepCount();
                }
                send(f, s);
            }
        }
    }

    private Behavior<Command> onShard(ShardComputed m) {
        InFlight f = working[m.worker()];
        if (ended || f == null || f.plan.step() != m.step() || f.done[m.shard()] != null) {
            m.gradients().release();
            return this; // a late reply from before a restart: its shard was computed again
        }
        if (settings.mode() == RuntimeSettings.Mode.ASYNCHRONOUS && loop.stepCount() - f.version > settings.maxStaleness()) {
            m.gradients().release();
            f.version = loop.stepCount();
            send(f, m.shard());
            return this;
        }
        f.done[m.shard()] = m;
        if (!f.complete()) {
            return this;
        }
        int staleness = (int) (loop.stepCount() - f.version);
        for (int s = 0; s < f.done.length; s++) {
            working[f.assignedTo[s]] = null;
        }
        apply(f, staleness);
        return advance();
    }

    private void apply(InFlight f, int staleness) {
        int epochBefore = loop.epoch();
        StepReport report;
        lock.writeLock().lock();
        try {
            report = f.done[0].gradients() instanceof Gradients.InMaster
                    ? loop.completeStep(f.done[0].losses(), f.seconds())
                    : completeWithSummedGradients(f);
        } finally {
            for (ShardComputed c : f.done) {
                c.gradients().release();
            }
            lock.writeLock().unlock();
        }
        List<float[]> observed = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (ShardComputed c : f.done) {
            observed.add(c.importance());
            weights.add(c.losses().batchSize() / (double) f.batch.size());
        }
        batchesApplied++;
        events.accept(new TrainingEvent.StepCompleted(report.step(), report.epoch(), report.losses().loss(),
                report.losses().taskLoss(), report.losses().priorLoss(), report.learningRate(),
                report.samplesPerSecond(), staleness));
        if (streaming && f.batch.lastOfEpoch()) {
            lock.writeLock().lock();
            try {
                loop.endEpoch();
            } finally {
                lock.writeLock().unlock();
            }
        }
        if (loop.epoch() != epochBefore) {
            events.accept(new TrainingEvent.EpochCompleted(loop.stepCount(), epochBefore));
        }
        if (observed.stream().anyMatch(o -> o != null)) {
            aggregator.tell(new PriorAggregator.Observe(report.step(), observed, weights, estimates));
            awaitingImportance = settings.importanceDecay() > 0 && settings.mode() == RuntimeSettings.Mode.SYNCHRONOUS;
        }
    }

    /**
     * Sums the shards' gradients in shard order and applies them with the optimiser; adds the sum
     * of the shards' weighted buffer changes to the master's buffers ({@link ShardBuffers}).
     */
    private StepReport completeWithSummedGradients(InFlight f) {
        try (NDScope scope = new NDScope()) {
            List<NDArray> sum = null;
            List<List<NDArray>> bufferChanges = new ArrayList<>();
            List<StepLosses> losses = new ArrayList<>();
            for (ShardComputed c : f.done) {
                List<NDArray> shard = c.gradients().arrays(loop.network().manager());
                if (sum == null) {
                    sum = new ArrayList<>(shard); // not the shard's own list: that is released
                } else {
                    for (int i = 0; i < sum.size(); i++) {
                        sum.set(i, sum.get(i).add(shard.get(i)));
                    }
                }
                bufferChanges.add(c.gradients().bufferChanges(loop.network().manager()));
                losses.add(c.losses());
            }
            ShardBuffers.add(loop.network(), ShardBuffers.sum(bufferChanges));
            return loop.completeStep(StepLosses.combine(losses), sum, f.seconds());
        }
    }

    private Behavior<Command> onImportance(ImportanceEstimated m) {
        importance = m.estimate().importance();
        awaitingImportance = false;
        return advance();
    }

    // ---- control ----

    private Behavior<Command> pause() {
        if (!paused) {
            paused = true;
            events.accept(new TrainingEvent.Paused(loop.stepCount()));
        }
        return this;
    }

    private Behavior<Command> resume() {
        if (paused) {
            paused = false;
            events.accept(new TrainingEvent.Resumed(loop.stepCount()));
        }
        return advance();
    }

    private Behavior<Command> stop() {
        loop.requestStop();
        paused = false;
        return advance();
    }

    private boolean nothingInFlight() {
        for (InFlight f : working) {
            if (f != null) {
                return false;
            }
        }
        return true;
    }

    private Behavior<Command> finish() {
        ended = true;
        queue.cancel();
        if (batchesApplied != batchesDrawn - ready.size()) {
            return fail(new RuntimeFailure("applied " + batchesApplied + " batches of " + (batchesDrawn - ready.size())
                    + " handed to workers", null));
        }
        boolean early = loop.epoch() < loop.epochs();
        events.accept(new TrainingEvent.Finished(loop.stepCount(), loop.epoch(), early, batchesDrawn, batchesApplied));
        done.complete(null);
        return Behaviors.stopped();
    }

    private Behavior<Command> fail(RuntimeException error) {
        ended = true;
        queue.cancel();
        events.accept(new TrainingEvent.Failed(loop.stepCount(), error.getMessage()));
        done.completeExceptionally(error);
        return Behaviors.stopped();
    }

    /** A failure of the runtime itself (a worker that keeps failing, a broken data loader). */
    public static final class RuntimeFailure extends RuntimeException {
        RuntimeFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
