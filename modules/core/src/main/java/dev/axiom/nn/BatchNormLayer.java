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
 * <p>A training pass (one that moves the running statistics, PyTorch's way: {@code momentum}
 * weights the batch's statistic, the variance is unbiased) runs the engine's fused batch norm,
 * whose backward is one kernel; its rule, needed only when the head runs on that pass, computes
 * the batch statistics it needs. Attribution passes with batch statistics compute them once for
 * the forward function and the rule.
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
        if (mode.updateRunningStatistics()) {
            NDArray y = JniUtils.batchNorm((PtNDArray) x, (PtNDArray) runningMean.array(), (PtNDArray) runningVar.array(),
                    (PtNDArray) scale.array(), (PtNDArray) shift.array(), true, spec.momentum(), spec.epsilon());
            return LayerPass.unary(y, g -> normalise(x).inputGradient(g, gamma));
        }
        Normalised n = normalise(x);
        NDArray y = n.normalised().mul(gamma).add(beta);
        return LayerPass.unary(y, g -> n.inputGradient(g, gamma));
    }

    /** {@code x̂} and {@code 1 / √(σ²_B + ε)} with the batch's own statistics. */
    private Normalised normalise(NDArray x) {
        NDArray centred = x.sub(meanOver(x));
        NDArray inverseStd = Tensors.power(Tensors.plus(meanOver(centred.square()), spec.epsilon()).sqrt(), -1);
        return new Normalised(centred.mul(inverseStd), inverseStd);
    }

    /** Mean over the normalised axes, keeping them: one reduction. */
    private NDArray meanOver(NDArray a) {
        return Tensors.over(a.sum(axes, true), a.getShape().size() / shape.get(0));
    }

    /** A batch normalised with its own statistics, and the rule of that normalisation. */
    private final class Normalised {
        private final NDArray normalised;
        private final NDArray inverseStd;

        Normalised(NDArray normalised, NDArray inverseStd) {
            this.normalised = normalised;
            this.inverseStd = inverseStd;
        }

        NDArray normalised() {
            return normalised;
        }

        /** {@code (γ / σ_B)(g − mean(g) − x̂ mean(g x̂))}. */
        NDArray inputGradient(NDArray g, NDArray gamma) {
            NDArray gn = g.mul(gamma);
            NDArray correction = meanOver(gn).add(normalised.mul(meanOver(gn.mul(normalised))));
            return gn.sub(correction).mul(inverseStd);
        }
    }
}
