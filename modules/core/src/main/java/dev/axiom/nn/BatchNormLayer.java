package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.axiom.tensor.Tensors;
import java.util.List;

/**
 * Batch normalisation over features (vector samples) or channels (image samples).
 *
 * <p>With batch statistics, {@code y = γ x̂ + β} with {@code x̂ = (x − μ_B) / √(σ²_B + ε)}, and the
 * input-gradient rule couples the samples of the batch exactly as autograd does:
 * {@code ∂S/∂x = (γ / √(σ²_B + ε)) (g − mean(g) − x̂ mean(g x̂))}, means over the normalised axes.
 * With running statistics the layer is affine and the rule is {@code g γ / √(σ²_run + ε)}.
 *
 * <p>Passes with batch statistics run the engine's fused batch norm, whose backward is one kernel;
 * a training pass lets it move the running statistics (PyTorch's way: {@code momentum} weights the
 * batch's statistic, the variance is unbiased), an attribution pass gives it copies. The rule,
 * needed only when the head runs on the pass, computes the batch statistics it needs, once.
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
            return LayerPass.unary(y, g -> g.mul(factor));
        }
        // The engine's fused batch norm (one backward kernel). A training pass moves the running
        // statistics with it; an attribution pass gives it copies to move. The rule, computed only
        // if the head runs on the pass, recomputes the batch statistics it needs.
        boolean update = mode.updateRunningStatistics();
        NDArray mean = update ? runningMean.array() : runningMean.array().duplicate();
        NDArray variance = update ? runningVar.array() : runningVar.array().duplicate();
        NDArray y = JniUtils.batchNorm((PtNDArray) x, (PtNDArray) mean, (PtNDArray) variance,
                (PtNDArray) scale.array(), (PtNDArray) shift.array(), true, spec.momentum(), spec.epsilon());
        Normalised[] statistics = new Normalised[1];
        return LayerPass.unary(y, g -> {
            if (statistics[0] == null) {
                statistics[0] = normalise(x);
            }
            return statistics[0].inputGradient(g, gamma);
        });
    }

    /** The batch's own statistics: {@code x − μ_B} and {@code 1 / (σ²_B + ε)}. */
    private Normalised normalise(NDArray x) {
        NDArray centred = x.sub(meanOver(x));
        NDArray inverseVariance = Tensors.power(Tensors.plus(meanOver(centred.square()), spec.epsilon()), -1);
        return new Normalised(centred, inverseVariance);
    }

    /** Mean over the normalised axes, keeping them: one reduction. */
    private NDArray meanOver(NDArray a) {
        return Tensors.over(a.sum(axes, true), a.getShape().size() / shape.get(0));
    }

    /**
     * A batch's statistics, and the rule of normalising with them: with {@code x̂ = (x − μ) s},
     * {@code s = 1/√(σ² + ε)}, the rule {@code γ s (g − mean(g) − x̂ mean(g x̂))} is
     * {@code γ s (g − mean(g) − (x − μ) s² mean(g (x − μ)))}: the per-feature factors are formed
     * first, so that only seven operations touch the whole batch.
     */
    private final class Normalised {
        private final NDArray centred;
        private final NDArray inverseVariance;

        Normalised(NDArray centred, NDArray inverseVariance) {
            this.centred = centred;
            this.inverseVariance = inverseVariance;
        }

        NDArray inputGradient(NDArray g, NDArray gamma) {
            NDArray factor = gamma.mul(inverseVariance.sqrt());
            NDArray projection = meanOver(g.mul(centred)).mul(inverseVariance);
            return g.sub(centred.mul(projection)).sub(meanOver(g)).mul(factor);
        }
    }
}
