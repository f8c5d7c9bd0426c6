package dev.axiom.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.axiom.data.Batch;
import dev.axiom.data.Dataset;
import dev.axiom.nn.Network;
import dev.axiom.nn.Parameter;
import dev.axiom.prior.GlobalImportance;
import dev.axiom.tensor.Autograd;
import dev.axiom.tensor.NonFiniteValueException;
import dev.axiom.tensor.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The plain synchronous training loop over an in-memory data set: shuffle each epoch, and for each
 * mini-batch one {@link GradientStep} and one optimiser update.
 *
 * <pre>{@code
 * try (Network net = Network.create(Cnn.paperMnist(), 42);
 *      TrainingLoop loop = TrainingLoop.builder(net, objective).setBatchSize(50).setEpochs(3).build()) {
 *     loop.fit(trainingSet);
 * }
 * }</pre>
 *
 * <p>Reproducible from its seed: epoch {@code e} is shuffled by a generator derived from
 * {@code (seed, e)}, and step randomness (dropout, α, references) comes from one generator whose
 * state is part of {@link #state()}, so a loop restored from a state continues exactly as the
 * uninterrupted loop would have.
 */
public final class TrainingLoop implements AutoCloseable {

    private final Network network;
    private final GradientStep gradientStep;
    private final Optimizer optimizer;
    private final LearningRateSchedule schedule;
    private final int batchSize;
    private final int epochs;
    private final long seed;
    private final boolean dropLast;
    private final GlobalImportance importance;
    private final List<TrainingListener> listeners;
    private final int shards;
    private final java.util.Set<String> frozen;
    private int trainingSize;
    private int[] order;
    private int orderEpoch;
    private Rng stepRng;
    private int epoch;
    private int batchInEpoch;
    private long step;
    private volatile boolean stopRequested;

    private TrainingLoop(Builder b) {
        this.network = b.network;
        this.gradientStep = new GradientStep(b.network, b.objective);
        this.optimizer = b.optimizer == null ? Optimizer.adam() : b.optimizer;
        this.schedule = b.schedule;
        this.batchSize = b.batchSize;
        this.epochs = b.epochs;
        this.seed = b.seed;
        this.dropLast = b.dropLast;
        this.importance = b.importance;
        this.listeners = List.copyOf(b.listeners);
        this.shards = b.shards;
        this.frozen = java.util.Set.copyOf(b.frozen);
        this.trainingSize = b.trainingSize;
        this.stepRng = new Rng(b.seed ^ 0x5DEECE66DL);
    }

    /** A builder for training {@code network} on {@code objective}. */
    public static Builder builder(Network network, Objective objective) {
        return new Builder(network, objective);
    }

    /**
     * Trains until the configured number of epochs is done or {@link #requestStop()} is called.
     *
     * @throws NonFiniteValueException naming the step if the objective becomes NaN or infinite;
     *     the parameters are those after the last good step
     */
    public void fit(Dataset train) {
        trainingSize = train.size();
        while (!finished(train.size())) {
            int[] indices = nextBatch(train.size());
            try (NDScope scope = new NDScope()) {
                step(train.batch(indices, network.manager(), network.dataType()));
            }
        }
    }

    /** True when every epoch is done or a stop was requested. */
    public boolean finished(int trainingSize) {
        return epoch >= epochs || stopRequested || batchesPerEpoch(trainingSize) == 0;
    }

    /** The sample indices of the next batch: the loop's position in its seeded epoch order. */
    public int[] nextBatch(int trainingSize) {
        if (order == null || orderEpoch != epoch || order.length != trainingSize) {
            order = epochOrder(seed, epoch, trainingSize);
            orderEpoch = epoch;
        }
        return batchOf(order, batchInEpoch, batchSize);
    }

    /**
     * The order in which epoch {@code epoch} visits the samples, for a loop with this seed: the
     * same whoever computes it (the plain loop or a data loader).
     */
    public static int[] epochOrder(long seed, int epoch, int trainingSize) {
        return new Rng(seed * 0x9E3779B97F4A7C15L + epoch).permutation(trainingSize);
    }

    /** Batch {@code batch} of an epoch's order. */
    public static int[] batchOf(int[] order, int batch, int batchSize) {
        int from = batch * batchSize;
        return Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
    }

    /**
     * One gradient step and update on {@code batch} (for callers with their own batching): the
     * batch is cut into the configured number of shards (fewer when it has fewer samples), each
     * shard's gradient is weighted by its share of the samples, and the sum is applied.
     *
     * <p>Buffers (batch norm's running statistics): with one configured shard the forward pass
     * updates them in place. With several, every shard starts from the buffers before the step
     * and the step ends with their {@link ShardBuffers} combination (also for a batch too small
     * to cut), as the runtime's workers on replicas do.
     *
     * @throws NonFiniteValueException naming the step if the objective is NaN or infinite
     */
    public StepReport step(Batch batch) {
        long start = System.nanoTime();
        StepPlan plan = planStep();
        List<StepLosses> parts = new ArrayList<>();
        try (NDScope scope = new NDScope()) {
            int[] bounds = Shards.bounds(batch.size(), Shards.count(batch.size(), shards));
            List<NDArray> before = shards > 1 ? ShardBuffers.snapshot(network) : null;
            List<List<NDArray>> changes = new ArrayList<>();
            for (int s = 0; s < bounds.length - 1; s++) {
                Batch shard = Shards.slice(batch, bounds[s], bounds[s + 1]);
                double weight = (bounds[s + 1] - bounds[s]) / (double) batch.size();
                if (before != null) {
                    ShardBuffers.reset(network, before);
                }
                parts.add(gradientStep.accumulate(shard, new Rng(plan.shardSeeds()[s]), importance, weight));
                if (before != null) {
                    changes.add(ShardBuffers.change(network, before, weight));
                }
            }
            if (before != null) {
                ShardBuffers.reset(network, before);
                ShardBuffers.add(network, ShardBuffers.sum(changes));
            }
        } catch (NonFiniteValueException e) {
            throw failed(e);
        }
        return completeStep(StepLosses.combine(parts), (System.nanoTime() - start) / 1e9);
    }

    /**
     * Begins a step whose gradient is computed elsewhere (by gradient workers): draws the shards'
     * seeds from the loop's generator (one per configured shard, whether or not the batch fills
     * them all). Shard {@code s} must be computed with {@code new Rng(shardSeeds[s])} and weighted
     * by its share of the batch; {@link #completeStep} then applies the summed gradients.
     */
    public StepPlan planStep() {
        return planStep(shards);
    }

    /** {@link #planStep()} for {@code shards} shards (as many as the runtime has workers). */
    public StepPlan planStep(int shards) {
        long[] seeds = new long[shards];
        for (int s = 0; s < shards; s++) {
            seeds[s] = stepRng.nextLong();
        }
        return new StepPlan(step + 1, epoch, batchInEpoch, seeds);
    }

    /**
     * Applies the gradients accumulated in the network's parameters with the optimiser, clears
     * them, advances the position and notifies the listeners (the end of an epoch too).
     */
    public StepReport completeStep(StepLosses losses, double seconds) {
        List<NDArray> params = network.parameterArrays();
        try (NDScope scope = new NDScope()) {
            update(Autograd.gradients(params));
        }
        return advance(losses, seconds);
    }

    /**
     * {@link #completeStep(StepLosses, double)} with gradients computed elsewhere (the sum of the
     * gradient workers' shards), in the order of the network's parameters. The optimiser may use
     * them as scratch space.
     */
    public StepReport completeStep(StepLosses losses, List<NDArray> gradients, double seconds) {
        try (NDScope scope = new NDScope()) {
            update(gradients);
        }
        return advance(losses, seconds);
    }

    private void update(List<NDArray> gradients) {
        List<Parameter> parameters = network.parameters();
        if (frozen.isEmpty()) {
            optimizer.step(parameters, gradients, schedule.rate(epoch, step));
        } else {
            List<Parameter> updated = new ArrayList<>();
            List<NDArray> their = new ArrayList<>();
            for (int i = 0; i < parameters.size(); i++) {
                if (!frozen.contains(parameters.get(i).name())) {
                    updated.add(parameters.get(i));
                    their.add(gradients.get(i));
                }
            }
            optimizer.step(updated, their, schedule.rate(epoch, step));
        }
        Autograd.zeroGradients(network.parameterArrays());
    }

    /**
     * Ends the current epoch now (for data whose epochs are not a fixed number of batches, such as
     * shards of an unbounded source): notifies the listeners and moves to the next epoch.
     */
    public void endEpoch() {
        int finished = epoch;
        epoch++;
        batchInEpoch = 0;
        for (TrainingListener l : listeners) {
            l.onEpochEnd(this, finished);
        }
    }

    private StepReport advance(StepLosses losses, double seconds) {
        double rate = schedule.rate(epoch, step);
        step++;
        StepReport report = new StepReport(epoch, step, batchInEpoch, rate, losses, seconds);
        batchInEpoch++;
        for (TrainingListener l : listeners) {
            l.onStep(report);
        }
        if (trainingSize > 0 && batchInEpoch >= batchesPerEpoch(trainingSize)) {
            endEpoch();
        }
        return report;
    }

    /** Clears the gradients of a failed step and names the step in the error. */
    public NonFiniteValueException failed(NonFiniteValueException e) {
        Autograd.zeroGradients(network.parameterArrays());
        return new NonFiniteValueException(
                "training stopped at step " + (step + 1) + " (epoch " + epoch + "): " + e.getMessage());
    }

    /** Asks the loop to stop after the current step (thread-safe). */
    public void requestStop() {
        stopRequested = true;
    }

    /** Whether a stop was requested. */
    public boolean stopRequested() {
        return stopRequested;
    }

    /** Where the loop is, for checkpoints. */
    public LoopState state() {
        return new LoopState(epoch, batchInEpoch, step, stepRng.state(), optimizer.state());
    }

    /** Continues from a saved {@link #state()} (the network's parameters are restored separately). */
    public void restore(LoopState state) {
        this.epoch = state.epoch();
        this.batchInEpoch = state.batchInEpoch();
        this.step = state.step();
        this.stepRng = Rng.fromState(state.rng());
        optimizer.restore(state.optimizer());
    }

    /** The objective being minimised. */
    public Objective objective() {
        return gradientStep.objective();
    }

    /** The estimator of {@code φ̄} the loop's own steps use. */
    public GlobalImportance importance() {
        return importance;
    }

    /** Batches in each epoch of a training set of {@code n} samples. */
    public int batchesPerEpoch(int n) {
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** Samples per batch. */
    public int batchSize() {
        return batchSize;
    }

    /** The seed of shuffling and step randomness. */
    public long seed() {
        return seed;
    }

    /** Shards each batch is cut into. */
    public int shards() {
        return shards;
    }

    /** The network being trained. */
    public Network network() {
        return network;
    }

    /** Updates applied so far. */
    public long stepCount() {
        return step;
    }

    /** The current (0-based) epoch. */
    public int epoch() {
        return epoch;
    }

    /** The configured number of epochs. */
    public int epochs() {
        return epochs;
    }

    @Override
    public void close() {
        optimizer.close();
    }

    /** Builds training loops; {@code set*} are required, {@code opt*} optional. */
    public static final class Builder {
        private final Network network;
        private final Objective objective;
        private Optimizer optimizer;
        private LearningRateSchedule schedule = LearningRateSchedule.constant(1e-3);
        private int batchSize;
        private int epochs;
        private long seed;
        private boolean dropLast;
        private GlobalImportance importance = GlobalImportance.batchMean();
        private final List<TrainingListener> listeners = new ArrayList<>();
        private int shards = 1;
        private int trainingSize;
        private java.util.Set<String> frozen = java.util.Set.of();

        private Builder(Network network, Objective objective) {
            this.network = network;
            this.objective = objective;
        }

        /** Samples per mini-batch (required). */
        public Builder setBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Number of passes over the data (required). */
        public Builder setEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** The optimiser (default Adam); the loop closes it. */
        public Builder optOptimizer(Optimizer optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /** The learning-rate schedule (default constant 1e-3). */
        public Builder optSchedule(LearningRateSchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /** Seed of shuffling and step randomness (default 0). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Drop the last incomplete batch of each epoch (default false). */
        public Builder optDropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** Estimator of {@code φ̄} for graph and Gini priors (default: batch mean). */
        public Builder optGlobalImportance(GlobalImportance importance) {
            this.importance = importance;
            return this;
        }

        /**
         * Cuts every batch into this many shards whose weighted gradients are summed (default 1):
         * the plain-loop equivalent of as many synchronous gradient workers.
         */
        public Builder optShards(int shards) {
            this.shards = shards;
            return this;
        }

        /**
         * Samples in the training set (required when steps are driven by {@link #step} or
         * {@link #completeStep} rather than {@link #fit}, to know where epochs end).
         */
        public Builder optTrainingSize(int trainingSize) {
            this.trainingSize = trainingSize;
            return this;
        }

        /**
         * Parameters the optimiser leaves as they are, by name (default none): fine-tuning. Their
         * gradients are still computed, and flow through them to the input and the attribution head.
         *
         * @throws IllegalArgumentException in {@link #build} naming a name the network does not train
         */
        public Builder optFrozen(java.util.Collection<String> names) {
            this.frozen = java.util.Set.copyOf(names);
            return this;
        }

        /** Adds a listener. */
        public Builder addListener(TrainingListener listener) {
            listeners.add(listener);
            return this;
        }

        /** Validates and builds. */
        public TrainingLoop build() {
            if (shards < 1) {
                throw new IllegalArgumentException("a training loop needs shards >= 1, got " + shards);
            }
            java.util.Set<String> trained = new java.util.HashSet<>();
            network.parameters().forEach(p -> trained.add(p.name()));
            for (String name : frozen) {
                if (!trained.contains(name)) {
                    throw new IllegalArgumentException("cannot freeze '" + name + "': the network trains no parameter of that name");
                }
            }
            if (batchSize < 1 || epochs < 0) {
                throw new IllegalArgumentException(
                        "a training loop needs batchSize >= 1 and epochs >= 0, got " + batchSize + " and " + epochs);
            }
            return new TrainingLoop(this);
        }
    }
}
