package dev.axiom.attribution;

import ai.djl.ndarray.NDArray;
import dev.axiom.tensor.Rng;

/** References from the batch itself: sample {@code (ℓ − j − 1) mod N} for reference {@code j}. */
final class ShiftedBatch implements ReferenceSource {

    @Override
    public NDArray references(NDArray x, int k, Rng rng) {
        int n = Math.toIntExact(x.getShape().get(0));
        if (n < 2) {
            throw new IllegalArgumentException(
                    "shifted-batch references need a batch of at least 2 samples, got " + n);
        }
        long[] index = new long[n * k];
        for (int l = 0; l < n; l++) {
            for (int j = 0; j < k; j++) {
                index[l * k + j] = Math.floorMod(l - j - 1, n);
            }
        }
        try (NDArray idx = x.getManager().create(index)) {
            return x.get(idx);
        }
    }

    @Override
    public String describe() {
        return "shifted-batch";
    }
}
