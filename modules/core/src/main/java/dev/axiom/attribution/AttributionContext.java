package dev.axiom.attribution;

import dev.axiom.nn.ForwardMode;
import dev.axiom.nn.NetworkPass;
import dev.axiom.tensor.Rng;

/**
 * What an attribution method needs besides the model and the batch.
 *
 * @param rng source of interpolation coefficients, reference draws and dropout masks
 * @param dropout whether dropout stays active in the attribution passes (default off: the
 *     attribution passes then also use batch-norm's running statistics, as {@code model.eval()}
 *     does in PyTorch)
 * @param sharedPass a forward pass of the network on the same batch in the same mode, which
 *     gradient methods reuse instead of running their own (may be null)
 */
public record AttributionContext(Rng rng, boolean dropout, NetworkPass sharedPass) {

    /** A context without dropout and without a shared pass. */
    public static AttributionContext of(Rng rng) {
        return new AttributionContext(rng, false, null);
    }

    /** The forward mode of attribution passes (never updates running statistics). */
    public ForwardMode mode() {
        return dropout ? ForwardMode.trainingWithoutStatisticsUpdate(rng) : ForwardMode.inference();
    }

    /** This context with {@code pass} as its shared pass. */
    public AttributionContext withSharedPass(NetworkPass pass) {
        return new AttributionContext(rng, dropout, pass);
    }
}
