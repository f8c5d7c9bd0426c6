package dev.axiom.runtime.prior;

import ai.djl.ndarray.NDArray;
import dev.axiom.prior.GlobalImportance;
import dev.axiom.tensor.Tensors;

/**
 * A worker's {@code φ̄} for one shard: with a global moving average {@code φ̄_g} (a constant to the
 * gradient) and decay {@code d}, {@code d·φ̄_g + (1 − d)·φ̄_shard}, so the worker's gradient is that
 * of the penalty at the global estimate; without one, the shard's own batch estimate. Remembers the
 * shard's batch estimate for the aggregator.
 */
public final class SharedImportance implements GlobalImportance {

    private final float[] global;
    private final double decay;
    private float[] observed;

    /** Mixes with {@code global} (null: none) at decay {@code decay}. */
    public SharedImportance(float[] global, double decay) {
        this.global = global;
        this.decay = decay;
    }

    @Override
    public NDArray of(NDArray attributions) {
        NDArray batch = GlobalImportance.batchMean(attributions);
        observed = batch.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        if (global == null || decay == 0) {
            return batch;
        }
        if (global.length != observed.length) {
            throw new IllegalStateException(
                    "the global importance has " + global.length + " features, the batch " + observed.length);
        }
        NDArray g = Tensors.owned(batch.getManager().create(global)).toType(batch.getDataType(), false);
        return Tensors.times(batch, 1 - decay).add(Tensors.times(g, decay));
    }

    /** The shard's batch estimate, or null if no prior asked for one. */
    public float[] observed() {
        return observed;
    }
}
