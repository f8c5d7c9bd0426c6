package dev.axiom.experiment.benchmark;

/** The attribution methods compared by the benchmark, in the order of the table columns. */
public enum AttributionMethod {
    EXPECTED_GRADIENTS("EG", "eg"),
    INTEGRATED_GRADIENTS("IG", "ig"),
    GRADIENTS("Gradients", "gradients"),
    GRADIENT_TIMES_INPUT("Gradient × input", "gradxinput"),
    RANDOM("Random", "random");

    private final String label;
    private final String key;

    AttributionMethod(String label, String key) {
        this.label = label;
        this.key = key;
    }

    /** The column heading. */
    public String label() {
        return label;
    }

    /** The key in results. */
    public String key() {
        return key;
    }
}
