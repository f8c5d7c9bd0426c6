package dev.axiom.attribution;

import ai.djl.ndarray.NDArray;
import dev.axiom.tensor.Checks;
import dev.axiom.tensor.Rng;
import dev.axiom.tensor.Tensors;

/** References drawn uniformly, with replacement, from a fixed pool of samples. */
final class SampledReferences implements ReferenceSource {

    private final NDArray pool;
    private final int size;

    SampledReferences(NDArray pool) {
        this.pool = pool;
        this.size = Math.toIntExact(pool.getShape().get(0));
        if (size == 0) {
            throw new IllegalArgumentException("the reference pool is empty");
        }
    }

    @Override
    public NDArray references(NDArray x, int k, Rng rng) {
        Checks.requireSampleShape("input (for sampled references)", x, pool.getShape().slice(1));
        int rows = Math.toIntExact(x.getShape().get(0)) * k;
        long[] index = new long[rows];
        for (int i = 0; i < rows; i++) {
            index[i] = rng.nextInt(size);
        }
        try (NDArray idx = Tensors.owned(x.getManager().create(index))) {
            NDArray drawn = pool.get(idx);
            return drawn.getDataType() == x.getDataType()
                    ? drawn
                    : drawn.toType(x.getDataType(), false);
        }
    }

    @Override
    public String describe() {
        return "sampled(" + size + ")";
    }
}
