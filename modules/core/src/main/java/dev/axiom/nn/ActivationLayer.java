package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.nn.Activation;
import dev.axiom.tensor.Tensors;

/**
 * Element-wise activation. Input-gradient rule: {@code g ⊙ f'(z)}, with {@code f'} written in
 * terms of {@code z} or of the output so that it stays differentiable where it should (softplus,
 * tanh, sigmoid) and is a constant mask where the true derivative is one (ReLU).
 */
final class ActivationLayer extends ElementwiseLayer {

    private final ActivationKind activation;

    ActivationLayer(Shape shape, ActivationKind activation) {
        super(shape);
        this.activation = activation;
    }

    @Override
    public String kind() {
        return activation.label();
    }

    @Override
    public LayerPass forward(NDArray z, ForwardMode mode) {
        if (activation == ActivationKind.RELU && mode.softplusBeta() > 0) {
            return smoothRelu(z, mode.softplusBeta());
        }
        NDArray y =
                switch (activation) {
                    case RELU -> Activation.relu(z);
                    case SOFTPLUS -> Activation.softPlus(z);
                    case TANH -> Activation.tanh(z);
                    case SIGMOID -> Activation.sigmoid(z);
                };
        if (activation == ActivationKind.RELU) { // g where z > 0, else 0: one select instead of a cast and a product
            return LayerPass.unary(y, g -> JniUtils.where((PtNDArray) z.gt(0), (PtNDArray) g, (PtNDArray) Tensors.scalarLike(g, 0)));
        }
        return LayerPass.unary(y, g -> g.mul(derivative(z, y)));
    }

    /** {@code softplus_β(z) = softplus(βz) / β}, derivative {@code σ(βz)}: a smooth ReLU. */
    private static LayerPass smoothRelu(NDArray z, double beta) {
        NDArray scaled = Tensors.times(z, beta);
        NDArray y = Tensors.over(Activation.softPlus(scaled), beta);
        return LayerPass.unary(y, g -> g.mul(Activation.sigmoid(scaled)));
    }

    private NDArray derivative(NDArray z, NDArray y) {
        return switch (activation) {
            case RELU -> throw new IllegalStateException("the ReLU rule is a select");
            case SOFTPLUS -> Activation.sigmoid(z);
            case TANH -> Tensors.plus(y.square().neg(), 1);
            case SIGMOID -> y.mul(Tensors.plus(y.neg(), 1));
        };
    }
}
