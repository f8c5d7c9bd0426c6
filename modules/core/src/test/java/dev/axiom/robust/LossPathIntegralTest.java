package dev.axiom.robust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.loss.Loss;
import dev.axiom.nn.ActivationKind;
import dev.axiom.nn.Architecture;
import dev.axiom.nn.ForwardMode;
import dev.axiom.nn.LayerSpec;
import dev.axiom.nn.Network;
import dev.axiom.tensor.Autograd;
import dev.axiom.tensor.Rng;
import dev.axiom.testing.Arrays64;
import java.util.List;
import org.junit.jupiter.api.Test;

class LossPathIntegralTest {

    /**
     * With one input feature, {@code ‖IG^ℓ(x, x')‖₁ = |IG|}, and completeness makes it
     * {@code |ℓ(x') − ℓ(x)|} as the number of points grows.
     */
    @Test
    void isTheLossDifferenceInOneDimension() {
        Architecture smooth = new Architecture(new Shape(1), List.of(
                new LayerSpec.Linear(6, true), new LayerSpec.Activation(ActivationKind.TANH), new LayerSpec.Linear(3, true)));
        try (NDManager manager = NDManager.newBaseManager();
                Network net = Network.create(smooth, manager.newSubManager(), DataType.FLOAT64, 2);
                NDScope scope = new NDScope()) {
            NDArray x = manager.create(new double[] {-0.5, 0.2, 1.0, 0.0}, new Shape(4, 1));
            NDArray end = manager.create(new double[] {0.7, -0.9, 0.1, 2.5}, new Shape(4, 1));
            NDArray y = manager.create(new long[] {0, 1, 2, 1});
            Loss loss = Loss.crossEntropy();

            LossPathIntegral.Norms norms = Autograd.notRecording(
                    () -> LossPathIntegral.of(net, x, end, y, loss, 4000, ForwardMode.inference()));

            double[] start = Arrays64.doubles(loss.perSample(net.predict(x), y));
            double[] stop = Arrays64.doubles(loss.perSample(net.predict(end), y));
            double[] l1 = Arrays64.doubles(norms.l1());
            double[] endLoss = Arrays64.doubles(norms.endLoss());
            for (int i = 0; i < 4; i++) {
                assertThat(l1[i]).as("sample %d", i).isCloseTo(Math.abs(stop[i] - start[i]), within(2e-3 * Math.abs(stop[i] - start[i]) + 1e-9));
                assertThat(endLoss[i]).isCloseTo(stop[i], within(1e-12));
            }
        }
    }

    @Test
    void isZeroWhenThePathHasNoLength() {
        try (NDManager manager = NDManager.newBaseManager();
                Network net = Network.create(dev.axiom.testing.TestNetworks.smallCnn(), manager.newSubManager(), DataType.FLOAT32, 2);
                NDScope scope = new NDScope()) {
            NDArray x = Arrays64.uniform(manager, new Rng(1), new Shape(3, 1, 6, 6), DataType.FLOAT32);
            NDArray y = manager.create(new long[] {0, 1, 2});
            double[] l1 = Arrays64.doubles(LossPathIntegral.of(net, x, x, y, Loss.crossEntropy(), 5, ForwardMode.inference()).l1());
            assertThat(l1).containsOnly(0.0);
        }
    }
}
