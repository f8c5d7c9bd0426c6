package dev.axiom.prior;

import ai.djl.ndarray.NDArray;
import dev.axiom.tensor.Tensors;
import java.util.List;
import java.util.stream.Collectors;

/** {@code Σ_t λ_t Ω_t}: several priors on the same attributions. */
public final class WeightedSum implements Prior {

    /** One weighted term. */
    public record Term(double weight, Prior prior) {}

    private final List<Term> terms;

    /** The sum of {@code terms}. */
    public WeightedSum(List<Term> terms) {
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("a weighted sum of priors needs at least one term");
        }
        this.terms = List.copyOf(terms);
    }

    @Override
    public NDArray penalty(NDArray attributions, PriorContext context) {
        NDArray total = null;
        for (Term t : terms) {
            NDArray v = Tensors.times(t.prior().penalty(attributions, context), t.weight());
            total = total == null ? v : total.add(v);
        }
        return total;
    }

    @Override
    public boolean needsAttributions() {
        return terms.stream().anyMatch(t -> t.prior().needsAttributions());
    }

    @Override
    public boolean usesGlobalImportance() {
        return terms.stream().anyMatch(t -> t.prior().usesGlobalImportance());
    }

    @Override
    public String describe() {
        return terms.stream()
                .map(t -> t.weight() + "*" + t.prior().describe())
                .collect(Collectors.joining(" + "));
    }
}
