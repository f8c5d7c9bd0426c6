package dev.axiom.runtime;


/**
 * How the actor runtime trains: how many gradient workers, synchronous or asynchronous, how stale
 * an asynchronous gradient may be, how the global importance {@code φ̄} is estimated, how many
 * batches the data loader prepares ahead, and which failures to inject (tests only).
 *
 * @param workers gradient workers (model replicas), at least 1
 * @param mode synchronous data parallel or asynchronous
 * @param maxStaleness asynchronous mode: a gradient computed from parameters more than this many
 *     updates old is discarded and its batch computed again
 * @param importanceDecay decay of the moving average of {@code φ̄} over all workers' batches; 0
 *     evaluates the graph and Gini priors on each batch's own {@code φ̄} (as the paper does)
 * @param prefetch batches the data loader prepares ahead of the workers
 * @param maxAttempts times a shard is attempted before a failing worker ends the run
 * @param faults failures to inject into workers
 * @param cluster workers on other nodes of a Pekko cluster
 */
public record RuntimeSettings(
        int workers,
        Mode mode,
        int maxStaleness,
        double importanceDecay,
        int prefetch,
        int maxAttempts,
        FaultPlan faults,
        Cluster cluster) {

    /**
     * Workers on other nodes.
     *
     * @param remoteWorkers how many to wait for before training starts
     * @param continueOnLoss when one's node leaves: go on with the others; otherwise stop after
     *     the current step, with a checkpoint
     * @param chunkFloats the largest number of values in one message
     * @param elastic whether workers on nodes that join while the run trains are taken in (from
     *     the next step on); otherwise only the first {@code remoteWorkers} ever are
     */
    public record Cluster(int remoteWorkers, boolean continueOnLoss, int chunkFloats, boolean elastic) {
        /** No remote workers. */
        public static Cluster none() {
            return new Cluster(0, true, 32_768, false);
        }
    }

    /** How workers' gradients are combined. */
    public enum Mode {
        /** Every step, each worker computes one shard of the batch; the weighted sum is applied. */
        SYNCHRONOUS,
        /** Each worker computes whole batches on the parameters it last saw; each is applied on arrival. */
        ASYNCHRONOUS
    }

    /** Checks the ranges. */
    public RuntimeSettings {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        if (maxStaleness < 0) {
            throw new IllegalArgumentException("max-staleness must be >= 0, got " + maxStaleness);
        }
        if (!(importanceDecay >= 0 && importanceDecay < 1)) {
            throw new IllegalArgumentException("importance-decay must be in [0, 1), got " + importanceDecay);
        }
        if (prefetch < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException(
                    "prefetch and max-attempts must be >= 1, got " + prefetch + " and " + maxAttempts);
        }
        if (faults == null) {
            faults = FaultPlan.none();
        }
        if (cluster == null) {
            cluster = Cluster.none();
        }
    }

    /** One synchronous worker, per-batch {@code φ̄}, 4 batches prefetched. */
    public static RuntimeSettings defaults() {
        return new RuntimeSettings(1, Mode.SYNCHRONOUS, 1, 0, 4, 3, FaultPlan.none(), Cluster.none());
    }

    /** These settings with {@code n} workers. */
    public RuntimeSettings withWorkers(int n) {
        return new RuntimeSettings(n, mode, maxStaleness, importanceDecay, prefetch, maxAttempts, faults, cluster);
    }

    /** These settings in {@code m} mode. */
    public RuntimeSettings withMode(Mode m) {
        return new RuntimeSettings(workers, m, maxStaleness, importanceDecay, prefetch, maxAttempts, faults, cluster);
    }

    /** These settings with injected failures. */
    public RuntimeSettings withFaults(FaultPlan f) {
        return new RuntimeSettings(workers, mode, maxStaleness, importanceDecay, prefetch, maxAttempts, f, cluster);
    }

    /** These settings with a moving average of {@code φ̄}. */
    public RuntimeSettings withImportanceDecay(double decay) {
        return new RuntimeSettings(workers, mode, maxStaleness, decay, prefetch, maxAttempts, faults, cluster);
    }

    /** These settings with workers on other nodes. */
    public RuntimeSettings withCluster(Cluster c) {
        return new RuntimeSettings(workers, mode, maxStaleness, importanceDecay, prefetch, maxAttempts, faults, c);
    }

    /** Rows the reference sampler's reservoir holds (training-set references). */
    public int reservoir() {
        return 100_000;
    }

}
