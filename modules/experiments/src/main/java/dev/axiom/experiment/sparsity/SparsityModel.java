package dev.axiom.experiment.sparsity;

import ai.djl.ndarray.NDArray;
import dev.axiom.attribution.Attributions;
import dev.axiom.attribution.ReferenceSource;
import dev.axiom.attribution.Target;
import dev.axiom.loss.Loss;
import dev.axiom.prior.ParameterNorm;
import dev.axiom.prior.Prior;
import dev.axiom.prior.Priors;
import dev.axiom.train.Objective;
import dev.axiom.train.Penalty;

/**
 * The eight models of the sparsity experiment: the same MLP and BCE loss, with no penalty, a
 * parameter penalty, or a penalty on the global importance of plain gradients or of expected
 * gradients.
 */
public enum SparsityModel {
    /** No penalty. */
    UNREGULARISED("unregularised", "Unregularised"),
    /** L1 on the weights of every layer. */
    L1_ALL_WEIGHTS("l1_all_weights", "L1 (all weights)"),
    /** L1 on the first layer's weights. */
    L1_FIRST_LAYER("l1_first_layer", "L1 (first-layer weights)"),
    /** Sparse group lasso on the first layer (α = 0.5). */
    SPARSE_GROUP_LASSO("sparse_group_lasso", "Sparse group lasso (first layer)"),
    /** L1 of input gradients: {@code Σ_i φ̄_i} with {@code φ̄ = mean |∂f/∂x|}. */
    L1_GRADIENTS("l1_gradients", "L1 on gradients"),
    /** Negative Gini of the gradients' global importance. */
    GINI_GRADIENTS("gini_gradients", "Gini on gradients"),
    /** L1 of expected gradients. */
    L1_EG("l1_eg", "L1 on EG"),
    /** Negative Gini of the expected gradients' global importance: the sparse attribution prior. */
    GINI_EG("gini_eg", "Gini on EG (sparse attribution prior)");

    /** Mixing of lasso and group lasso in {@link #SPARSE_GROUP_LASSO}. */
    public static final double SGL_ALPHA = 0.5;

    private final String key;
    private final String label;

    SparsityModel(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** The key in results.json and the work log. */
    public String key() {
        return key;
    }

    /** The name in the report. */
    public String label() {
        return label;
    }

    /** Whether the model has a penalty weight λ to choose. */
    public boolean regularised() {
        return this != UNREGULARISED;
    }

    /** Whether the penalty needs expected gradients during training (the expensive models). */
    public boolean usesExpectedGradients() {
        return this == L1_EG || this == GINI_EG;
    }

    /**
     * BCE plus {@code lambda} times this model's penalty.
     *
     * @param pool the training features, from which EG references are drawn (must stay open)
     * @param references EG references per sample in each training step
     */
    public Objective objective(double lambda, NDArray pool, int references) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("λ for " + key + " must be finite and >= 0, got " + lambda);
        }
        Objective bce = Objective.of(Loss.binaryCrossEntropy());
        if (this == UNREGULARISED || lambda == 0) {
            return bce;
        }
        return switch (this) {
            case L1_ALL_WEIGHTS -> bce.with(Penalty.onParameters(key, lambda, Priors.weightL1(ParameterNorm.Scope.ALL_LAYERS)));
            case L1_FIRST_LAYER -> bce.with(Penalty.onParameters(key, lambda, Priors.weightL1(ParameterNorm.Scope.FIRST_LAYER)));
            case SPARSE_GROUP_LASSO -> bce.with(Penalty.onParameters(key, lambda, Priors.sparseGroupLasso(SGL_ALPHA)));
            case L1_GRADIENTS -> onAttributions(bce, lambda, Priors.attributionL1(), false, pool, references);
            case GINI_GRADIENTS -> onAttributions(bce, lambda, Priors.gini(), false, pool, references);
            case L1_EG -> onAttributions(bce, lambda, Priors.attributionL1(), true, pool, references);
            case GINI_EG -> onAttributions(bce, lambda, Priors.gini(), true, pool, references);
            default -> throw new IllegalStateException("unhandled model " + this);
        };
    }

    private Objective onAttributions(Objective bce, double lambda, Prior prior, boolean eg, NDArray pool, int references) {
        return bce.with(Penalty.onAttributions(key, lambda, prior,
                eg ? Attributions.expectedGradients(references, ReferenceSource.sampled(pool)) : Attributions.gradients(),
                Target.index(0)));
    }
}
