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
import dev.axiom.runtime.worker.WorkerProtocol;
import dev.axiom.runtime.worker.WorkerSetup;
import dev.axiom.tensor.NonFiniteValueException;
import dev.axiom.train.ShardBuffers;
import dev.axiom.train.StepLosses;
import dev.axiom.train.StepPlan;
import dev.axiom.train.StepReport;
import dev.axiom.train.TrainingLoop;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
 *
 * <p>The bookkeeping lives in small classes: the workers by slot in a {@link WorkerPool}, the
 * steps in flight and who computes which shard in a {@link StepScheduler} (one strategy per mode).
 * Workers speak the {@link WorkerProtocol}; their replies reach the trainer through a message
 * adapter. With {@code elastic} cluster settings, a worker whose node joins the running cluster
 * is admitted to the pool and computes from the next step on; a node that leaves takes its
 * workers out of the pool, and their unfinished shards go to the others.
 */
public final class Trainer extends AbstractBehavior<Trainer.Command> {

    /** Messages. */
    public sealed interface Command {}

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

    private record WorkerReplied(WorkerProtocol.Reply reply) implements Command {}

    private record RemoteWorkersListed(Receptionist.Listing listing) implements Command {}

    private record ReferencesDrawn(ReferenceSampler.Drawn drawn) implements Command {}

    private final TrainingLoop loop;
    private final boolean streaming;
    private final Dataset train;
    private final RuntimeSettings settings;
    private final Consumer<TrainingEvent> events;
    private final CompletableFuture<Void> done;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final WorkerSetup setup;
    private final WorkerPool<ActorRef<WorkerProtocol.Command>> pool;
    private final StepScheduler scheduler;
    private final ActorRef<WorkerProtocol.Reply> replies;
    private final ActorRef<PriorAggregator.Command> aggregator;
    private final ActorRef<PriorAggregator.Estimate> estimates;
    /** The reference sampler, for objectives with references from the training set; else null. */
    private final ActorRef<ReferenceSampler.Command> sampler;
    private final ActorRef<ReferenceSampler.Drawn> drawn;
    private final int pooledReferences;
    private final SinkQueueWithCancel<LoadedBatch> queue;
    private final Deque<LoadedBatch> ready = new ArrayDeque<>();
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
        this.pool = new WorkerPool<>(settings.workers(), settings.cluster().remoteWorkers(), settings.cluster().elastic());
        this.scheduler = StepScheduler.of(settings.mode());
        this.replies = context.messageAdapter(WorkerProtocol.Reply.class, WorkerReplied::new);
        this.aggregator = context.spawn(PriorAggregator.create(settings.importanceDecay()), "prior-aggregator");
        this.estimates = context.messageAdapter(PriorAggregator.Estimate.class, ImportanceEstimated::new);
        this.pooledReferences = loop.objective().pooledReferences();
        this.sampler = pooledReferences == 0 ? null
                : context.spawn(ReferenceSampler.create(settings.reservoir(), loop.seed() ^ 0x2545F4914F6CDD1DL), "reference-sampler");
        this.drawn = context.messageAdapter(ReferenceSampler.Drawn.class, ReferencesDrawn::new);
        if (sampler != null && train != null) {
            sampler.tell(new ReferenceSampler.Offer(train));
        }
        for (int w : pool.localSlots()) {
            spawnWorker(w);
        }
        if (settings.cluster().remoteWorkers() > 0 || settings.cluster().elastic()) {
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
                .onMessage(WorkerReplied.class, this::onWorkerReply)
                .onMessage(BatchArrived.class, this::onBatch)
                .onMessage(BatchStreamFailed.class, m -> fail(new RuntimeFailure("the data loader failed: " + m.error(), m.error())))
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
        Behavior<WorkerProtocol.Command> supervised =
                Behaviors.supervise(GradientWorker.create(w, setup, replies))
                        .onFailure(RuntimeException.class, SupervisorStrategy.restart());
        ActorRef<WorkerProtocol.Command> ref = getContext().spawn(
                supervised, "worker-" + w + "-" + pool.nextIncarnation(w), RuntimeDispatchers.worker(getContext().getSystem(), w));
        getContext().watchWith(ref, new WorkerTerminated(w));
        pool.bind(w, ref);
    }

    // ---- workers ----

    private Behavior<Command> onWorkerReply(WorkerReplied m) {
        WorkerProtocol.Reply reply = m.reply();
        if (!pool.contains(reply.worker())) {
            if (reply instanceof WorkerProtocol.ShardComputed c) {
                c.gradients().release();
            }
            return this; // a worker lost with its node
        }
        if (reply instanceof WorkerProtocol.Ready r) {
            return onWorkerReady(r);
        } else if (reply instanceof WorkerProtocol.ShardComputed c) {
            return onShard(c);
        } else if (reply instanceof WorkerProtocol.ShardNotFinite n) {
            return fail(loop.failed(n.error()));
        } else if (reply instanceof WorkerProtocol.ShardCrashed c) {
            return onCrash(c);
        }
        throw new IllegalStateException("unknown worker reply " + reply);
    }

    private Behavior<Command> onWorkerReady(WorkerProtocol.Ready m) {
        int w = m.worker();
        switch (pool.ready(w, m.ref())) {
            case RESTARTED -> {
                events.accept(new TrainingEvent.WorkerRestarted(loop.stepCount(), w, pool.restarts(w)));
                scheduler.restarted(w, loop.stepCount()).forEach(this::send);
                return this;
            }
            case JOINED -> {
                getContext().getLog().info("worker {} on {} joined the running cluster; it computes from the next step on",
                        w, pool.node(w));
                events.accept(new TrainingEvent.WorkerJoined(loop.stepCount(), w, pool.node(w)));
                return advance();
            }
            case COMPLETE -> {
                return advance();
            }
            default -> {
                return this;
            }
        }
    }

    private Behavior<Command> onCrash(WorkerProtocol.ShardCrashed m) {
        events.accept(new TrainingEvent.WorkerFailed(loop.stepCount(), m.worker(), m.message()));
        Optional<StepInFlight> f = scheduler.stepOf(m.worker());
        if (f.isPresent() && m.shard() < f.get().shards() && f.get().attempts(m.shard()) >= settings.maxAttempts()) {
            return fail(new RuntimeFailure("worker " + m.worker() + " failed " + f.get().attempts(m.shard())
                    + " times on step " + m.step() + ": " + m.message(), null));
        }
        return this;
    }

    private Behavior<Command> onWorkerTerminated(WorkerTerminated m) {
        if (ended || !pool.contains(m.worker())) {
            return this;
        }
        if (!pool.isLocal(m.worker())) {
            return onRemoteWorkerLost(m.worker());
        }
        getContext().getLog().warn("worker {} stopped; starting a replacement", m.worker());
        spawnWorker(m.worker());
        return this;
    }

    private Behavior<Command> onRemoteWorkers(RemoteWorkersListed m) {
        for (ActorRef<RemoteWorker.Command> remote : m.listing().getServiceInstances(RemoteWorker.KEY)) {
            Optional<Integer> admitted = pool.admitRemote(remote, remote.path().address().toString());
            if (admitted.isEmpty()) {
                continue;
            }
            int slot = admitted.get();
            getContext().getLog().info("remote worker {} joined as worker {}", remote.path(), slot);
            ActorRef<WorkerProtocol.Command> proxy = getContext().spawn(
                    RemoteWorkerProxy.create(slot, remote, setup, replies, settings.cluster().chunkFloats()),
                    "remote-worker-" + slot);
            getContext().watchWith(proxy, new WorkerTerminated(slot));
            pool.bind(slot, proxy);
        }
        return this;
    }

    /** A remote worker's node left: go on without it (its shards to the others), or stop after this step. */
    private Behavior<Command> onRemoteWorkerLost(int slot) {
        String node = pool.remove(slot);
        boolean continuing = settings.cluster().continueOnLoss();
        getContext().getLog().warn("worker {} on {} was lost; {}", slot, node,
                continuing ? "continuing with the other workers" : "stopping after this step");
        events.accept(new TrainingEvent.WorkerLost(loop.stepCount(), slot, node, continuing));
        if (!continuing) {
            loop.requestStop();
        }
        List<Integer> live = pool.live();
        if (live.isEmpty()) {
            return fail(new RuntimeFailure("every worker was lost at step " + loop.stepCount(), null));
        }
        scheduler.lost(slot, live, loop.stepCount()).forEach(this::send);
        return advance();
    }

    // ---- batches and steps ----

    /** Starts whatever work can start now. */
    private Behavior<Command> advance() {
        if (ended) {
            return this;
        }
        if (scheduler.idle() && (trainingDone() || (exhausted && ready.isEmpty()))) {
            return finish();
        }
        if (paused || awaitingImportance || loop.stopRequested() || !pool.started()) {
            return this;
        }
        StepScheduler.Started started = scheduler.start(ready, pool.live(), this::plan, loop.stepCount());
        started.dispatches().forEach(this::send);
        if (started.wantsBatch()) {
            pull();
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
        getContext().pipeToSelf(completedOnThisDispatcher(queue.pull()), (batch, error) ->
                error != null ? new BatchStreamFailed(error) : new BatchArrived(batch));
    }

    /**
     * {@code stage} as a plain future completed on this actor's dispatcher. A stage made from a
     * Scala future runs every callback through CompletableFuture's default executor, which, where
     * the common pool has a parallelism of 1 (2 cores), starts a new thread for each: one thread
     * per batch.
     */
    private <T> CompletableFuture<T> completedOnThisDispatcher(CompletionStage<T> stage) {
        CompletableFuture<T> plain = new CompletableFuture<>();
        stage.whenCompleteAsync((value, error) -> {
            if (error != null) {
                plain.completeExceptionally(error);
            } else {
                plain.complete(value);
            }
        }, getContext().getExecutionContext());
        return plain;
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

    /** The loop's plan of the step of {@code batch}, which must be the batch the loop expects next. */
    private StepPlan plan(LoadedBatch batch, int shards) {
        StepPlan plan = loop.planStep(shards);
        if (settings.mode() == RuntimeSettings.Mode.SYNCHRONOUS
                && (batch.epoch() != plan.epoch() || batch.batchInEpoch() != plan.batchInEpoch())) {
            throw new IllegalStateException("the data loader delivered batch " + batch.batchInEpoch() + " of epoch "
                    + batch.epoch() + " for batch " + plan.batchInEpoch() + " of epoch " + plan.epoch());
        }
        return plan;
    }

    private void send(StepScheduler.Dispatch d) {
        StepInFlight f = d.step();
        int shard = d.shard();
        int from = f.from(shard);
        int to = f.to(shard);
        if (sampler != null && f.references(shard) == null) {
            sampler.tell(new ReferenceSampler.Draw(f.step(), shard, pooledReferences * (to - from),
                    f.plan().shardSeeds()[shard] ^ 0x9E3779B97F4A7C15L, drawn));
            return;
        }
        f.attempt(shard);
        pool.ref(f.assignedTo(shard)).tell(new WorkerProtocol.Compute(
                f.step(), shard, f.batch(), from, to, f.plan().shardSeeds()[shard],
                (to - from) / (double) f.batch().size(), importance, settings.importanceDecay(), f.version(),
                f.references(shard), replies));
    }

    private Behavior<Command> onReferences(ReferencesDrawn m) {
        ReferenceSampler.Drawn d = m.drawn();
        if (d.rows() == null) {
            return fail(new RuntimeFailure("the reference sampler has no data to draw references from", null));
        }
        scheduler.awaitingReferences(d.step(), d.shard()).ifPresent(f -> {
            f.references(d.shard(), d.rows());
            send(new StepScheduler.Dispatch(f, d.shard()));
        });
        return this;
    }

    private Behavior<Command> onShard(WorkerProtocol.ShardComputed m) {
        if (ended) {
            m.gradients().release();
            return this;
        }
        StepScheduler.Accepted accepted = scheduler.accept(m, loop.stepCount(), settings.maxStaleness());
        switch (accepted.verdict()) {
            case LATE -> m.gradients().release(); // a late reply from before a restart: its shard was computed again
            case STALE -> {
                m.gradients().release();
                send(new StepScheduler.Dispatch(accepted.step(), m.shard()));
            }
            case PENDING -> { }
            case COMPLETE -> {
                apply(accepted.step(), (int) (loop.stepCount() - accepted.step().version()));
                return advance();
            }
            default -> throw new IllegalStateException("unknown verdict " + accepted.verdict());
        }
        return this;
    }

    private void apply(StepInFlight f, int staleness) {
        int epochBefore = loop.epoch();
        StepReport report;
        lock.writeLock().lock();
        try {
            report = f.replies().get(0).gradients() instanceof Gradients.InMaster
                    ? loop.completeStep(f.replies().get(0).losses(), f.seconds())
                    : completeWithSummedGradients(f);
        } finally {
            for (WorkerProtocol.ShardComputed c : f.replies()) {
                c.gradients().release();
            }
            lock.writeLock().unlock();
        }
        List<float[]> observed = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (WorkerProtocol.ShardComputed c : f.replies()) {
            observed.add(c.importance());
            weights.add(c.losses().batchSize() / (double) f.batch().size());
        }
        batchesApplied++;
        events.accept(new TrainingEvent.StepCompleted(report.step(), report.epoch(), report.losses().loss(),
                report.losses().taskLoss(), report.losses().priorLoss(), report.learningRate(),
                report.samplesPerSecond(), staleness));
        if (streaming && f.batch().lastOfEpoch()) {
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
    private StepReport completeWithSummedGradients(StepInFlight f) {
        try (NDScope scope = new NDScope()) {
            List<NDArray> sum = null;
            List<List<NDArray>> bufferChanges = new ArrayList<>();
            List<StepLosses> losses = new ArrayList<>();
            for (WorkerProtocol.ShardComputed c : f.replies()) {
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
