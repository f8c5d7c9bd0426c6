package dev.axiom.prior;

import ai.djl.ndarray.NDArray;
import dev.axiom.tensor.Tensors;
import java.util.Arrays;

/**
 * A prior on the columns of a table rather than on its encoded features: the attributions of the
 * features that come from one column (the one-hot features of a categorical column, a number and
 * its missing indicator) are summed, {@code ψ_c = Σ_{j ∈ c} φ_j}, and the inner prior is applied
 * to {@code ψ}. Summing keeps completeness (a row of {@code ψ} sums to what the row of {@code φ}
 * does), and a Gini or graph prior on {@code ψ̄ = mean_ℓ |ψ^ℓ|} penalises columns, not indicators.
 */
public final class PerColumn implements Prior {

    private final Prior inner;
    private final int[] columnOfFeature;
    private final int columns;

    /**
     * @param inner the prior on the columns' attributions
     * @param columnOfFeature for each feature, the index of its column
     */
    public PerColumn(Prior inner, int[] columnOfFeature) {
        this.inner = inner;
        this.columnOfFeature = columnOfFeature.clone();
        this.columns = Arrays.stream(columnOfFeature).max().orElse(-1) + 1;
    }

    @Override
    public NDArray penalty(NDArray attributions, PriorContext context) {
        return inner.penalty(sumByColumn(attributions), context);
    }

    /** {@code ψ = φ M} with the 0/1 matrix {@code M[j, c] = 1} when feature {@code j} comes from column {@code c}. */
    public NDArray sumByColumn(NDArray attributions) {
        long n = attributions.getShape().get(0);
        int p = columnOfFeature.length;
        if (attributions.getShape().size() != n * p) {
            throw new IllegalArgumentException("per-column prior for " + p + " features, got attributions of shape "
                    + attributions.getShape());
        }
        float[] m = new float[p * columns];
        for (int j = 0; j < p; j++) {
            m[j * columns + columnOfFeature[j]] = 1f;
        }
        NDArray matrix = Tensors.owned(attributions.getManager().create(m, new ai.djl.ndarray.types.Shape(p, columns)))
                .toType(attributions.getDataType(), false);
        return attributions.reshape(n, p).matMul(matrix);
    }

    @Override
    public boolean usesGlobalImportance() {
        return inner.usesGlobalImportance();
    }

    @Override
    public String describe() {
        return inner.describe() + " per column (" + columns + " columns)";
    }
}
