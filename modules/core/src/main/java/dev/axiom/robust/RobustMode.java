package dev.axiom.robust;

import java.util.Locale;

/** What robust training optimises (Chen et al., SPEC §1.3). */
public enum RobustMode {
    /** {@code E[ℓ(x, y)]}: no inner maximisation. */
    NATURAL,
    /** {@code E[max_{x'} ℓ(x', y)]}: Madry et al.'s adversarial training. */
    MADRY,
    /** {@code E[ℓ(x, y) + λ max_{x'} ‖IG^ℓ_y(x, x')‖₁]}. */
    IG_NORM,
    /** {@code E[max_{x'} (ℓ(x', y) + β ‖IG^ℓ_y(x, x')‖₁)]}. */
    IG_SUM_NORM;

    /** The name in configuration files: {@code natural}, {@code madry}, {@code ig-norm}, {@code ig-sum-norm}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The mode with this {@link #label()}. */
    public static RobustMode ofLabel(String label) {
        for (RobustMode mode : values()) {
            if (mode.label().equals(label)) {
                return mode;
            }
        }
        throw new IllegalArgumentException(
                "unknown robust training mode '" + label + "'; known: natural, madry, ig-norm, ig-sum-norm");
    }
}
