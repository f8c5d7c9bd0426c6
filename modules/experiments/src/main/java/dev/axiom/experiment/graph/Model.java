package dev.axiom.experiment.graph;

/** The models compared: the unregularised MLP and three graph priors. */
enum Model {
    BASELINE("baseline", "MLP, no prior"),
    EG_GRAPH("eg_graph", "EG graph prior"),
    GRADIENT_GRAPH("gradient_graph", "gradient graph prior"),
    RANDOM_GRAPH("random_graph", "EG prior, random graph");

    final String key;
    final String label;

    Model(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** Whether the model has a graph penalty. */
    boolean penalised() {
        return this != BASELINE;
    }

    /** Whether its attributions inside training are expected gradients (else plain gradients). */
    boolean expectedGradients() {
        return this == EG_GRAPH || this == RANDOM_GRAPH;
    }
}
