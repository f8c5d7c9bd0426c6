package dev.axiom.testing;

import ai.djl.ndarray.types.Shape;
import dev.axiom.nn.ActivationKind;
import dev.axiom.nn.Architecture;
import dev.axiom.nn.LayerSpec;
import java.util.List;

/** Small architectures for numerical checks. */
public final class TestNetworks {

    private TestNetworks() {}

    /** (6) → linear 8 → ReLU → dropout 0.3 → linear 5 → tanh → linear 3. */
    public static Architecture smallMlp() {
        return new Architecture(
                new Shape(6),
                List.of(
                        new LayerSpec.Linear(8, true),
                        new LayerSpec.Activation(ActivationKind.RELU),
                        new LayerSpec.Dropout(0.3),
                        new LayerSpec.Linear(5, true),
                        new LayerSpec.Activation(ActivationKind.TANH),
                        new LayerSpec.Linear(3, true)));
    }

    /**
     * (1, 6, 6) → conv 3×3×3 pad 1 → ReLU → max-pool 2 → flatten → linear 5 → softplus → dropout
     * 0.5 → linear 3.
     */
    public static Architecture smallCnn() {
        return new Architecture(
                new Shape(1, 6, 6),
                List.of(
                        new LayerSpec.Conv2d(3, 3, 1, 1),
                        new LayerSpec.Activation(ActivationKind.RELU),
                        new LayerSpec.MaxPool2d(2),
                        new LayerSpec.Flatten(),
                        new LayerSpec.Linear(5, true),
                        new LayerSpec.Activation(ActivationKind.SOFTPLUS),
                        new LayerSpec.Dropout(0.5),
                        new LayerSpec.Linear(3, true)));
    }

    /**
     * A colour image network: (3, 5, 5) → conv 4×3×3 pad 1 → ReLU → max-pool 2 → flatten → linear 3.
     */
    public static Architecture smallColourCnn() {
        return new Architecture(
                new Shape(3, 5, 5),
                List.of(
                        new LayerSpec.Conv2d(4, 3, 1, 1),
                        new LayerSpec.Activation(ActivationKind.RELU),
                        new LayerSpec.MaxPool2d(2),
                        new LayerSpec.Flatten(),
                        new LayerSpec.Linear(3, true)));
    }

    /** A random weighted graph on {@code p} features with {@code 2p} edges, no self-loops, seeded by {@code p}. */
    public static dev.axiom.prior.graph.FeatureGraph randomGraph(int p) {
        dev.axiom.tensor.Rng rng = new dev.axiom.tensor.Rng(p);
        int m = 2 * p;
        int[] a = new int[m];
        int[] b = new int[m];
        float[] w = new float[m];
        for (int e = 0; e < m; e++) {
            a[e] = rng.nextInt(p);
            b[e] = (a[e] + 1 + rng.nextInt(p - 1)) % p;
            w[e] = (float) rng.nextDouble();
        }
        return new dev.axiom.prior.graph.FeatureGraph(p, a, b, w);
    }
}
