package dev.axiom.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.nn.Architecture;
import dev.axiom.nn.Mlp;
import dev.axiom.nn.Network;
import dev.axiom.nn.Parameter;
import dev.axiom.tensor.Rng;
import dev.axiom.testing.Arrays64;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Optimisers against a plain double-precision transcription of PyTorch's update rules, over
 * several steps with random gradients, and exact continuation after state()/restore(); Adam both
 * through PyTorch's fused kernel and through element-wise operations.
 */
class OptimizerTest {

    private static final Architecture ARCH = Mlp.builder().setInputs(5).optHidden(4).setOutputs(2).build();

    @ParameterizedTest(name = "seed {0}, fused {1}")
    @CsvSource({"1, true", "2, true", "3, true", "1, false", "2, false", "3, false"})
    void adamMatchesPyTorchsUpdate(long seed, boolean fused) {
        if (fused) {
            assertThat(FusedAdamKernel.get()).as("the fused kernel loads in this engine").isPresent();
        }
        double lr = 0.01;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double wd = seed == 3 ? 0.05 : 0;
        check(seed, () -> new Adam(b1, b2, eps, wd, fused), (w, g, state, t) -> {
            // state[0] = m, state[1] = v
            for (int i = 0; i < w.length; i++) {
                double gi = g[i] + wd * w[i];
                state[0][i] = b1 * state[0][i] + (1 - b1) * gi;
                state[1][i] = b2 * state[1][i] + (1 - b2) * gi * gi;
                double denominator = Math.sqrt(state[1][i]) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
                w[i] -= lr / (1 - Math.pow(b1, t)) * state[0][i] / denominator;
            }
        }, lr);
    }

    @ParameterizedTest(name = "nesterov {0}")
    @ValueSource(booleans = {false, true})
    void sgdWithMomentumMatchesPyTorchsUpdate(boolean nesterov) {
        double lr = 0.05;
        double mu = 0.9;
        check(4, () -> new Sgd(mu, nesterov, 0.01), (w, g, state, t) -> {
            for (int i = 0; i < w.length; i++) {
                double gi = g[i] + 0.01 * w[i];
                state[0][i] = t == 1 ? gi : mu * state[0][i] + gi;
                double update = nesterov ? gi + mu * state[0][i] : state[0][i];
                w[i] -= lr * update;
            }
        }, lr);
    }

    private interface Rule {
        void apply(double[] w, double[] g, double[][] state, int t);
    }

    private static void check(long seed, Supplier<Optimizer> factory, Rule rule, double lr) {
        check(seed, factory, rule, lr, DataType.FLOAT64);
        check(seed, factory, rule, lr, DataType.FLOAT32);
    }

    /**
     * Float64: the update matches the rule to 1e-12. Float32 (how networks train): a restored
     * optimiser continues bit for bit (slots are saved as float32).
     */
    private static void check(long seed, Supplier<Optimizer> factory, Rule rule, double lr, DataType type) {
        try (NDManager manager = NDManager.newBaseManager();
                Network net = Network.create(ARCH, manager.newSubManager(), type, seed);
                Network restored = Network.create(ARCH, manager.newSubManager(), type, seed);
                Optimizer optimizer = factory.get();
                Optimizer other = factory.get()) {
            List<Parameter> params = net.parameters();
            List<double[]> expected = new ArrayList<>();
            List<double[][]> states = new ArrayList<>();
            for (Parameter p : params) {
                expected.add(Arrays64.doubles(p.array()));
                states.add(new double[2][Math.toIntExact(p.array().getShape().size())]);
            }
            Rng rng = new Rng(seed);
            for (int t = 1; t <= 6; t++) {
                List<double[]> grads = new ArrayList<>();
                for (Parameter p : params) {
                    double[] g = new double[Math.toIntExact(p.array().getShape().size())];
                    for (int i = 0; i < g.length; i++) {
                        g[i] = rng.nextGaussian();
                    }
                    grads.add(g);
                }
                for (int k = 0; k < params.size(); k++) {
                    rule.apply(expected.get(k), grads.get(k), states.get(k), t);
                }
                step(manager, net, optimizer, grads, lr);
                if (t == 3) {
                    restored.copyStateFrom(net);
                    other.restore(optimizer.state());
                }
                if (t > 3) {
                    step(manager, restored, other, grads, lr);
                }
            }
            for (int k = 0; k < params.size(); k++) {
                double[] actual = Arrays64.doubles(params.get(k).array());
                if (type == DataType.FLOAT64) {
                    assertThat(Arrays64.maxAbsDiff(actual, expected.get(k)))
                            .as("parameter %s after 6 updates", params.get(k).name())
                            .isLessThan(1e-12);
                } else {
                    assertThat(Arrays64.maxAbsDiff(actual, expected.get(k)))
                            .as("parameter %s after 6 float32 updates", params.get(k).name())
                            .isLessThan(1e-4);
                    assertThat(Arrays64.doubles(restored.parameters().get(k).array()))
                            .as("a restored optimiser continues identically")
                            .containsExactly(actual);
                }
            }
        }
    }

    private static void step(NDManager manager, Network net, Optimizer optimizer, List<double[]> grads, double lr) {
        try (NDScope scope = new NDScope()) {
            List<NDArray> g = new ArrayList<>();
            for (int k = 0; k < grads.size(); k++) {
                Shape shape = net.parameters().get(k).array().getShape();
                g.add(manager.create(grads.get(k).clone(), shape).toType(net.dataType(), false));
            }
            optimizer.step(net.parameters(), g, lr);
        }
    }
}
