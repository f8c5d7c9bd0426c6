package dev.axiom.train;

import dev.axiom.attribution.ExpectedGradients;
import dev.axiom.attribution.ReferenceSource;
import dev.axiom.loss.Loss;
import dev.axiom.robust.RobustTraining;
import java.util.ArrayList;
import java.util.List;

/**
 * The training objective {@code L + Σ_t λ_t Ω_t}.
 *
 * @param loss the task loss L
 * @param penalties the penalty terms (possibly none)
 * @param attributionDropout keep dropout on in attribution passes (default off); when on,
 *     gradient-based methods reuse the task's forward pass, as a PyTorch model in train mode would
 * @param robust robust training (IG-NORM, IG-SUM-NORM, Madry), or {@link RobustTraining#natural()}
 */
public record Objective(Loss loss, List<Penalty> penalties, boolean attributionDropout, RobustTraining robust) {

    /** Copies the penalty list and checks names are unique. */
    public Objective {
        penalties = List.copyOf(penalties);
        java.util.Objects.requireNonNull(robust, "robust (use RobustTraining.natural())");
        if (robust.perturbs() && penalties.stream().anyMatch(p -> p.name().equals(robust.mode().label()))) {
            throw new IllegalArgumentException("a penalty is named like the robust term '" + robust.mode().label() + "'");
        }
        long distinct = penalties.stream().map(Penalty::name).distinct().count();
        if (distinct != penalties.size()) {
            throw new IllegalArgumentException("penalty names must be unique: " + penalties);
        }
    }

    /** The task loss alone. */
    public static Objective of(Loss loss) {
        return new Objective(loss, List.of(), false, RobustTraining.natural());
    }

    /** This objective with one more penalty. */
    public Objective with(Penalty penalty) {
        List<Penalty> list = new ArrayList<>(penalties);
        list.add(penalty);
        return new Objective(loss, list, attributionDropout, robust);
    }

    /** This objective trained robustly as {@code robust} says. */
    public Objective withRobust(RobustTraining robust) {
        return new Objective(loss, penalties, attributionDropout, robust);
    }

    /** This objective with dropout on or off in attribution passes. */
    public Objective withAttributionDropout(boolean on) {
        return new Objective(loss, penalties, on, robust);
    }

    /**
     * The references per sample of the expected-gradients penalties that draw from a pool (the
     * training set) rather than the shifted batch; 0 if there are none.
     */
    public int pooledReferences() {
        int k = 0;
        for (Penalty p : penalties) {
            if (p.method() instanceof ExpectedGradients eg && !eg.source().fromBatch()) {
                k = Math.max(k, eg.references());
            }
        }
        return k;
    }

    /** This objective with {@code source} in place of every pooled expected-gradients source. */
    public Objective withPooledReferences(ReferenceSource source) {
        List<Penalty> list = new ArrayList<>();
        for (Penalty p : penalties) {
            if (p.method() instanceof ExpectedGradients eg && !eg.source().fromBatch()) {
                list.add(new Penalty(p.name(), p.weight(), p.prior(), new ExpectedGradients(eg.references(), source), p.target()));
            } else {
                list.add(p);
            }
        }
        return new Objective(loss, list, attributionDropout, robust);
    }
}
