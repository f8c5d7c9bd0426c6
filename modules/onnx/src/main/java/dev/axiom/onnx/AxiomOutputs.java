package dev.axiom.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.axiom.attribution.ExpectedGradients;
import dev.axiom.attribution.Target;
import dev.axiom.nn.Network;
import dev.axiom.tensor.Tensors;

/** Axiom's own outputs and expected gradients for plain Java arrays: what an export is compared with. */
public final class AxiomOutputs {

    private AxiomOutputs() {}

    /** The network's outputs (inference mode) for {@code n} samples {@code x}, row-major. */
    public static float[] predict(Network network, float[] x, int n) {
        try (NDScope scope = new NDScope()) {
            return Tensors.floats(network.predict(samples(network, x, n, "x")));
        }
    }

    /**
     * Expected gradients of output {@code target[ℓ]} with the given references ({@code k} rows per
     * sample) and coefficients, by {@link ExpectedGradients#withGivenReferences}.
     */
    public static float[] expectedGradients(Network network, float[] x, int n, float[] references, float[] alphas, long[] target) {
        try (NDScope scope = new NDScope()) {
            NDManager manager = network.manager();
            NDArray xs = samples(network, x, n, "x");
            int size = Math.toIntExact(network.architecture().inputShape().size());
            NDArray rs = samples(network, references, references.length / size, "references");
            NDArray as = Tensors.owned(manager.create(alphas));
            NDArray labels = Tensors.owned(manager.create(target));
            return Tensors.floats(ExpectedGradients.withGivenReferences(network, xs, labels, Target.trueClass(), rs, as));
        }
    }

    private static NDArray samples(Network network, float[] values, int n, String what) {
        Shape sample = network.architecture().inputShape();
        if (n < 1 || values.length != n * sample.size()) {
            throw new IllegalArgumentException(what + " must hold whole samples of shape " + sample + ", got " + values.length + " values");
        }
        NDArray a = Tensors.owned(network.manager().create(values, new Shape(n).addAll(sample)));
        return a.toType(network.dataType(), false);
    }
}
