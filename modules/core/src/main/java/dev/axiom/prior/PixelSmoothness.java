package dev.axiom.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.axiom.tensor.Tensors;

/**
 * Pixel smoothness: the anisotropic total variation of each attribution map after dividing it by
 * its standard deviation (otherwise TV is minimised by shrinking attributions to 0),
 * {@code mean_ℓ Σ_{i,j} |p_{i+1,j} − p_{i,j}| + |p_{i,j+1} − p_{i,j}|} with {@code p = φ^ℓ / sd(φ^ℓ)}.
 * Channels of a multi-channel map are summed or averaged first. The standard deviation is the
 * unbiased one over the map's pixels, floored at {@code epsilon}.
 */
public final class PixelSmoothness implements Prior {

    /** How the channels of an attribution map are combined before the TV is taken. */
    public enum Channels {
        /** Sum over channels. */
        SUM,
        /** Mean over channels. */
        MEAN
    }

    private final Channels channels;
    private final double epsilon;
    private final Shape imageShape;

    /**
     * @param channels channel reduction
     * @param epsilon floor of the per-map standard deviation
     * @param imageShape {@code (channels, height, width)} for attributions of flat inputs, or null
     *     when attributions already have that per-sample shape
     */
    public PixelSmoothness(Channels channels, double epsilon, Shape imageShape) {
        this.channels = channels;
        this.epsilon = epsilon;
        this.imageShape = imageShape;
    }

    @Override
    public NDArray penalty(NDArray attributions, PriorContext context) {
        NDArray phi = asImages(attributions);
        NDArray maps = channels == Channels.SUM ? phi.sum(new int[] {1}) : phi.mean(new int[] {1});
        long n = maps.getShape().get(0);
        long pixels = maps.getShape().get(1) * maps.getShape().get(2);
        NDArray flat = maps.reshape(n, pixels);
        NDArray centred = flat.sub(flat.mean(new int[] {1}, true));
        NDArray sd = Tensors.atLeast(Tensors.over(centred.square().sum(new int[] {1}), pixels - 1).sqrt(), epsilon);
        NDArray p = maps.div(sd.reshape(n, 1, 1));
        NDArray vertical =
                p.get(new NDIndex(":, 1:, :")).sub(p.get(new NDIndex(":, :-1, :"))).abs();
        NDArray horizontal =
                p.get(new NDIndex(":, :, 1:")).sub(p.get(new NDIndex(":, :, :-1"))).abs();
        return Tensors.over(vertical.sum().add(horizontal.sum()), n);
    }

    private NDArray asImages(NDArray attributions) {
        Shape s = attributions.getShape();
        if (imageShape != null) {
            if (s.size() != s.get(0) * imageShape.size()) {
                throw new IllegalArgumentException(
                        "pixel smoothness: attributions of shape "
                                + s
                                + " are not batches of images of shape "
                                + imageShape);
            }
            return attributions.reshape(new Shape(s.get(0)).addAll(imageShape));
        }
        if (s.dimension() != 4) {
            throw new IllegalArgumentException(
                    "pixel smoothness needs attributions of shape (N, channels, height, width), got "
                            + s
                            + "; give the image shape for flat inputs");
        }
        return attributions;
    }

    @Override
    public String describe() {
        return "pixel-smoothness(" + channels.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
