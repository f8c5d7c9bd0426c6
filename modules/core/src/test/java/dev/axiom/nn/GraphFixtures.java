package dev.axiom.nn;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** Small graph networks and helpers shared by the graph-network tests. */
public final class GraphFixtures {

    private GraphFixtures() {}

    /** A graph whose input is named {@code x} and whose output is its last node. */
    public static Architecture graph(Shape input, Node... nodes) {
        return new Architecture(input, "x", List.of(nodes), nodes[nodes.length - 1].name());
    }

    /** A node with default parameter names. */
    public static Node node(String name, LayerSpec spec, String... inputs) {
        return new Node(name, spec, inputs);
    }

    /** A window with every geometric field spelled out. */
    public static Window2d window(int kh, int kw, int sh, int sw, int top, int left, int bottom, int right,
            int dh, int dw, boolean ceil) {
        return new Window2d(kh, kw, sh, sw, top, left, bottom, right, dh, dw, ceil);
    }

    /** A square window with ceil mode. */
    public static Window2d ceil(int kernel, int stride, int padding) {
        return new Window2d(kernel, kernel, stride, stride, padding, padding, padding, padding, 1, 1, true);
    }

    /** A convolution with a general window. */
    public static LayerSpec.Conv2d conv(int filters, Window2d window, int groups, boolean bias) {
        return new LayerSpec.Conv2d(filters, window, groups, bias);
    }

    /** An element-wise activation. */
    public static LayerSpec act(ActivationKind kind) {
        return new LayerSpec.Activation(kind);
    }

    /**
     * Replaces every named array by its value plus {@code spread}·N(0, 1) (running variances by
     * {@code 0.5 + U(0, 1)}), so that batch norm, shift and scale are not identities.
     */
    public static void randomise(Network network, Random random, double spread) {
        Map<String, float[]> state = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : network.exportState().entrySet()) {
            float[] v = e.getValue().clone();
            boolean variance = e.getKey().endsWith("running_var");
            for (int i = 0; i < v.length; i++) {
                v[i] = variance ? 0.5f + random.nextFloat() : v[i] + (float) (spread * random.nextGaussian());
            }
            state.put(e.getKey(), v);
        }
        network.loadState(state);
    }

    /** Every concrete layer kind: the records permitted by {@link LayerSpec}, recursing into sealed sub-interfaces. */
    public static Set<Class<?>> concreteKinds() {
        Set<Class<?>> kinds = new java.util.LinkedHashSet<>();
        List<Class<?>> open = new ArrayList<>(List.of(LayerSpec.class));
        while (!open.isEmpty()) {
            Class<?> c = open.remove(open.size() - 1);
            if (c.isSealed()) {
                open.addAll(List.of(c.getPermittedSubclasses()));
            } else if (!c.isInterface() && !java.lang.reflect.Modifier.isAbstract(c.getModifiers())) {
                kinds.add(c);
            } else {
                throw new AssertionError(c + " is neither sealed nor concrete: the kind list cannot be walked");
            }
        }
        return kinds;
    }
}
