package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.axiom.tensor.Autograd;
import dev.axiom.tensor.Tensors;
import java.util.List;

/**
 * Batch normalisation over features (vector samples) or channels (image samples).
 *
 * <p>With batch statistics, {@code y = γ x̂ + β} with {@code x̂ = (x − μ_B) / √(σ²_B + ε)}, and the
 * input-gradient rule couples the samples of the batch exactly as autograd does:
 * {@code ∂S/∂x = (γ / √(σ²_B + ε)) (g − mean(g) − x̂ mean(g x̂))}, means over the normalised axes.
 * With running statistics the layer is affine and the rule is {@code g γ / √(σ²_run + ε)}.
 */
final class BatchNormLayer extends UnaryLayer {

    private final Shape shape;
    private final LayerSpec.BatchNorm spec;
    private final Parameter scale;
    private final Parameter shift;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private final int[] axes;
    private final Shape broadcast;

    BatchNormLayer(Shape shape, LayerSpec.BatchNorm spec, ParameterFactory parameters) {
        if (shape.dimension() != 1 && shape.dimension() != 3) {
            throw new IllegalArgumentException(
                    parameters.where()
                            + " (batchnorm) needs a vector or (channels, height, width) per sample, got "
                            + shape);
        }
        this.shape = shape;
        this.spec = spec;
        Shape features = new Shape(shape.get(0));
        this.scale = parameters.constant(Parameter.Role.SCALE, features, 1f);
        this.shift = parameters.constant(Parameter.Role.SHIFT, features, 0f);
        this.runningMean = parameters.buffer(Parameter.Role.RUNNING_MEAN, features, 0f);
        this.runningVar = parameters.buffer(Parameter.Role.RUNNING_VAR, features, 1f);
        if (shape.dimension() == 1) {
            this.axes = new int[] {0};
            this.broadcast = new Shape(1, shape.get(0));
        } else {
            this.axes = new int[] {0, 2, 3};
            this.broadcast = new Shape(1, shape.get(0), 1, 1);
        }
    }

    @Override
    public String kind() {
        return "batchnorm";
    }

    @Override
    public Shape inputShape() {
        return shape;
    }

    @Override
    public Shape outputShape() {
        return shape;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(scale, shift, runningMean, runningVar);
    }

    @Override
    public LayerPass forward(NDArray x, ForwardMode mode) {
        NDArray gamma = scale.array().reshape(broadcast);
        NDArray beta = shift.array().reshape(broadcast);
        if (!mode.batchStatistics()) {
            NDArray factor =
                    Tensors.power(Tensors.plus(runningVar.array(), spec.epsilon()).sqrt(), -1).reshape(broadcast).mul(gamma);
            NDArray y = x.sub(runningMean.array().reshape(broadcast)).mul(factor).add(beta);
            return affinePass(y, factor);
        }
        NDArray mean = meanOver(x);
        NDArray centred = x.sub(mean);
        NDArray variance = meanOver(centred.square());
        NDArray inverseStd = Tensors.power(Tensors.plus(variance, spec.epsilon()).sqrt(), -1);
        NDArray normalised = centred.mul(inverseStd);
        NDArray y = normalised.mul(gamma).add(beta);
        if (mode.updateRunningStatistics()) {
            long count = x.getShape().size() / shape.get(0);
            updateRunningStatistics(mean, variance, count);
        }
        return LayerPass.unary(y, g -> {
            NDArray gn = g.mul(gamma);
            NDArray correction = meanOver(gn).add(normalised.mul(meanOver(gn.mul(normalised))));
            return gn.sub(correction).mul(inverseStd);
        });
    }

    /** Mean over the normalised axes, keeping them (one axis at a time: DJL's PyTorch mean takes one). */
    private NDArray meanOver(NDArray a) {
        NDArray m = a;
        for (int i = axes.length - 1; i >= 0; i--) {
            m = m.mean(new int[] {axes[i]}, true);
        }
        return m;
    }

    private static LayerPass affinePass(NDArray y, NDArray factor) {
        return LayerPass.unary(y, g -> g.mul(factor));
    }

    private void updateRunningStatistics(NDArray mean, NDArray variance, long count) {
        double m = spec.momentum();
        double unbias = count > 1 ? (double) count / (count - 1) : 1.0;
        Autograd.notRecording(
                () -> {
                    NDArray batchMean = mean.stopGradient().reshape(runningMean.array().getShape());
                    NDArray batchVar =
                            variance.stopGradient()
                                    .reshape(runningVar.array().getShape())
                                    .mul(unbias);
                    runningMean.array().muli(1 - m).addi(Tensors.times(batchMean, m));
                    runningVar.array().muli(1 - m).addi(Tensors.times(batchVar, m));
                });
    }
}
