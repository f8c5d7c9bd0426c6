package dev.axiom.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.nn.ActivationKind;
import dev.axiom.nn.Architecture;
import dev.axiom.nn.LayerSpec;
import dev.axiom.nn.Mlp;
import dev.axiom.nn.Network;
import dev.axiom.nn.Parameter;
import dev.axiom.tensor.Autograd;
import dev.axiom.tensor.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * Random small networks, exact float64 parameter surgery and host-side helpers shared by the
 * attribution-axiom tests.
 */
final class Fixtures {

    private Fixtures() {}

    static final ActivationKind[] ACTIVATIONS = ActivationKind.values();

    /**
     * A random MLP: {@code inputs → hidden (1 or 2 layers of width 3..9) → outputs}, the activation
     * chosen by the caller.
     */
    static Architecture randomMlp(Rng rng, int inputs, int outputs, ActivationKind activation) {
        int depth = 1 + rng.nextInt(2);
        int[] widths = new int[depth];
        for (int i = 0; i < depth; i++) {
            widths[i] = 3 + rng.nextInt(7);
        }
        return Mlp.builder()
                .setInputs(inputs)
                .optHidden(widths)
                .optActivation(activation)
                .setOutputs(outputs)
                .build();
    }

    /** A linear model {@code inputs → outputs} (an MLP without hidden layers). */
    static Architecture linear(int inputs, int outputs) {
        return Mlp.builder().setInputs(inputs).setOutputs(outputs).build();
    }

    /**
     * {@code (channels, 6, 6)} → conv 3×3×{@code filters} pad 1 → act → max-pool 2 → flatten →
     * linear {@code dense} → act → linear {@code outputs}.
     */
    static Architecture smallCnn(
            int channels, int filters, int dense, int outputs, ActivationKind activation) {
        return new Architecture(
                new Shape(channels, 6, 6),
                List.of(
                        new LayerSpec.Conv2d(filters, 3, 1, 1),
                        new LayerSpec.Activation(activation),
                        new LayerSpec.MaxPool2d(2),
                        new LayerSpec.Flatten(),
                        new LayerSpec.Linear(dense, true),
                        new LayerSpec.Activation(activation),
                        new LayerSpec.Linear(outputs, true)));
    }

    /** A float64 network in a sub-manager of {@code manager}. */
    static Network network(NDManager manager, Architecture arch, long seed) {
        return Network.create(arch, manager.newSubManager(), DataType.FLOAT64, seed);
    }

    /** The named array of {@code net}. */
    static Parameter parameter(Network net, String name) {
        for (Parameter p : net.state()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no parameter " + name);
    }

    /** The trainable parameters with role WEIGHT, in layer order. */
    static List<Parameter> weights(Network net) {
        List<Parameter> list = new ArrayList<>();
        for (Parameter p : net.parameters()) {
            if (p.role() == Parameter.Role.WEIGHT) {
                list.add(p);
            }
        }
        return list;
    }

    /** The bias of the layer at {@code layerIndex}. */
    static Parameter bias(Network net, int layerIndex) {
        for (Parameter p : net.parameters()) {
            if (p.layerIndex() == layerIndex && p.role() == Parameter.Role.BIAS) {
                return p;
            }
        }
        throw new IllegalArgumentException("no bias in layer " + layerIndex);
    }

    /** Values of a named array, in float64. */
    static double[] values(Parameter p) {
        return p.array().toType(DataType.FLOAT64, false).toDoubleArray();
    }

    /** Overwrites a parameter in place with exact float64 values (no float32 round trip). */
    static void set(Parameter p, double[] values) {
        NDArray a = p.array();
        if (values.length != a.getShape().size()) {
            throw new IllegalArgumentException(
                    p.name() + " has " + a.getShape().size() + " values, got " + values.length);
        }
        Autograd.notRecording(
                () -> {
                    try (NDArray v = a.getManager().create(values, a.getShape());
                            NDArray typed = v.toType(a.getDataType(), true)) {
                        a.subi(a).addi(typed);
                    }
                });
    }

    /** {@code S(x)} per sample, in float64. */
    static double[] explained(Network net, NDArray x, NDArray labels, Target target) {
        return target.value(net.predict(x), labels).toType(DataType.FLOAT64, false).toDoubleArray();
    }

    /** Per-sample sums of a row-major {@code (N, features)} array. */
    static double[] rowSums(double[] values, int n) {
        int p = values.length / n;
        double[] sums = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                sums[i] += values[i * p + j];
            }
        }
        return sums;
    }

    /** Float values widened to double. */
    static double[] widen(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    /** Random class labels {@code (n)} in {@code [0, classes)}. */
    static NDArray labels(NDManager manager, Rng rng, int n, int classes) {
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(classes);
        }
        return manager.create(y);
    }

    /** max |v|. */
    static double maxAbs(double[] v) {
        double m = 0;
        for (double d : v) {
            m = Math.max(m, Math.abs(d));
        }
        return m;
    }
}
