package dev.axiom.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.axiom.data.Batch;
import dev.axiom.data.Dataset;
import dev.axiom.nn.Network;
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
        while (epoch < epochs && !stopRequested) {
            int[] order = epochOrder(train.size(), epoch);
            int batches = batchesPerEpoch(train.size());
            while (batchInEpoch < batches && !stopRequested) {
                int from = batchInEpoch * batchSize;
                int[] indices = Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
                StepReport report;
                try (NDScope scope = new NDScope()) {
                    Batch batch = train.batch(indices, network.manager(), network.dataType());
                    report = step(batch);
                }
                batchInEpoch++;
                for (TrainingListener l : listeners) {
                    l.onStep(report);
                }
            }
            if (batchInEpoch >= batches) {
                int finished = epoch;
                epoch++;
                batchInEpoch = 0;
                for (TrainingListener l : listeners) {
                    l.onEpochEnd(this, finished);
                }
            }
        }
    }

    /**
     * One gradient step and update on {@code batch} (for callers with their own batching).
     *
     * @throws NonFiniteValueException naming the step if the objective is NaN or infinite
     */
    public StepReport step(Batch batch) {
        long start = System.nanoTime();
        double rate = schedule.rate(epoch, step);
        StepLosses losses;
        try {
            losses = gradientStep.accumulate(batch, stepRng, importance);
        } catch (NonFiniteValueException e) {
            Autograd.zeroGradients(network.parameterArrays());
            throw new NonFiniteValueException(
                    "training stopped at step " + (step + 1) + " (epoch " + epoch + "): " + e.getMessage());
        }
        List<NDArray> params = network.parameterArrays();
        try (NDScope scope = new NDScope()) {
            optimizer.step(network.parameters(), Autograd.gradients(params), rate);
        }
        Autograd.zeroGradients(params);
        step++;
        return new StepReport(epoch, step, batchInEpoch, rate, losses, (System.nanoTime() - start) / 1e9);
    }

    /** Asks the loop to stop after the current step (thread-safe). */
    public void requestStop() {
        stopRequested = true;
    }

    private int[] epochOrder(int n, int e) {
        return new Rng(seed * 0x9E3779B97F4A7C15L + e).permutation(n);
    }

    private int batchesPerEpoch(int n) {
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
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

        /** Adds a listener. */
        public Builder addListener(TrainingListener listener) {
            listeners.add(listener);
            return this;
        }

        /** Validates and builds. */
        public TrainingLoop build() {
            if (batchSize < 1 || epochs < 0) {
                throw new IllegalArgumentException(
                        "a training loop needs batchSize >= 1 and epochs >= 0, got " + batchSize + " and " + epochs);
            }
            return new TrainingLoop(this);
        }
    }
}
