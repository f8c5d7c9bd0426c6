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
 * @param softplusBeta 0, or run every ReLU as {@code softplus_β} in the attribution passes (the
 *     smooth copy of the network that attacks on attributions differentiate)
 */
public record AttributionContext(Rng rng, boolean dropout, NetworkPass sharedPass, double softplusBeta) {

    /** A context with exact ReLUs. */
    public AttributionContext(Rng rng, boolean dropout, NetworkPass sharedPass) {
        this(rng, dropout, sharedPass, 0);
    }

    /** A context without dropout and without a shared pass. */
    public static AttributionContext of(Rng rng) {
        return new AttributionContext(rng, false, null);
    }

    /** The forward mode of attribution passes (never updates running statistics). */
    public ForwardMode mode() {
        ForwardMode mode = dropout ? ForwardMode.trainingWithoutStatisticsUpdate(rng) : ForwardMode.inference();
        return softplusBeta == 0 ? mode : mode.withSoftplusRelu(softplusBeta);
    }

    /** This context with every ReLU run as {@code softplus_β} (a shared pass is dropped). */
    public AttributionContext withSoftplusRelu(double beta) {
        return new AttributionContext(rng, dropout, null, beta);
    }

    /** This context with {@code pass} as its shared pass. */
    public AttributionContext withSharedPass(NetworkPass pass) {
        return new AttributionContext(rng, dropout, pass, softplusBeta);
    }
}
