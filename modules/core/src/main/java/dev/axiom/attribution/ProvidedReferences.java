package dev.axiom.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.axiom.tensor.Rng;
import dev.axiom.tensor.Tensors;

/**
 * References handed in from outside before each use, for example by the actor runtime's reference
 * sampler: {@link #provide} the {@code N·k} rows (row {@code ℓ·k + j} the {@code j}-th reference
 * of sample {@code ℓ}), then compute. One instance per thread of computation.
 */
public final class ProvidedReferences implements ReferenceSource {

    private float[] rows;

    /** Sets the references of the next computation. */
    public void provide(float[] references) {
        this.rows = references;
    }

    @Override
    public NDArray references(NDArray x, int k, Rng rng) {
        if (rows == null) {
            throw new IllegalStateException("no references were provided for this computation");
        }
        long n = x.getShape().get(0) * k;
        long features = x.getShape().size() / x.getShape().get(0);
        if (rows.length != n * features) {
            throw new IllegalArgumentException("provided references hold " + rows.length + " values, expected "
                    + n + " rows of " + features + " features for a batch of " + x.getShape().get(0) + " with k = " + k);
        }
        Shape shape = new Shape(n).addAll(x.getShape().slice(1));
        return Tensors.owned(x.getManager().create(rows, shape)).toType(x.getDataType(), false);
    }

    @Override
    public String describe() {
        return "references provided by the reference sampler";
    }
}
