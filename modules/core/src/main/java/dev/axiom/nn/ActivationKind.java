package dev.axiom.nn;

/** The element-wise activations Axiom supports, each with its derivative. */
public enum ActivationKind {
    /** {@code max(0, z)}; derivative {@code 1[z > 0]}. */
    RELU("relu"),
    /** {@code log(1 + e^z)}; derivative {@code σ(z)}. */
    SOFTPLUS("softplus"),
    /** {@code tanh(z)}; derivative {@code 1 − tanh²(z)}. */
    TANH("tanh"),
    /** {@code σ(z) = 1 / (1 + e^−z)}; derivative {@code σ(z)(1 − σ(z))}. */
    SIGMOID("sigmoid");

    private final String label;

    ActivationKind(String label) {
        this.label = label;
    }

    /** The lower-case name used in layer specs. */
    public String label() {
        return label;
    }

    /** The kind with this label. */
    public static ActivationKind ofLabel(String label) {
        for (ActivationKind kind : values()) {
            if (kind.label.equals(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(
                "unknown activation '" + label + "'; known: relu, softplus, tanh, sigmoid");
    }
}
