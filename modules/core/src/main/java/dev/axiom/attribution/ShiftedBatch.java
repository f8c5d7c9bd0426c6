package dev.axiom.attribution;

import ai.djl.ndarray.NDArray;
import dev.axiom.tensor.Rng;
import dev.axiom.tensor.Tensors;

/** References from the batch itself: sample {@code (ℓ − j − 1) mod N} for reference {@code j}. */
final class ShiftedBatch implements ReferenceSource {

    @Override
    public NDArray references(NDArray x, int k, Rng rng) {
        int n = Math.toIntExact(x.getShape().get(0));
        if (n < 2) {
            throw new IllegalArgumentException(
                    "shifted-batch references need a batch of at least 2 samples, got " + n);
        }
        return rows(x, 0, n, 0, k);
    }

    /**
     * References {@code first..first+k-1} of samples {@code from..to-1} of the whole batch
     * {@code all} (so that a caller splitting the batch or the references gets the same
     * references as one pass over everything).
     */
    static NDArray rows(NDArray all, int from, int to, int first, int k) {
        int n = Math.toIntExact(all.getShape().get(0));
        if (n < 2) {
            throw new IllegalArgumentException(
                    "shifted-batch references need a batch of at least 2 samples, got " + n);
        }
        long[] index = new long[(to - from) * k];
        for (int l = from; l < to; l++) {
            for (int j = 0; j < k; j++) {
                index[(l - from) * k + j] = Math.floorMod(l - (first + j) - 1, n);
            }
        }
        try (NDArray idx = Tensors.owned(all.getManager().create(index))) {
            return all.get(idx);
        }
    }

    @Override
    public String describe() {
        return "shifted-batch";
    }

    @Override
    public boolean fromBatch() {
        return true;
    }
}
