package dev.axiom.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.loss.Loss;
import dev.axiom.nn.Architecture;
import dev.axiom.nn.LayerSpec;
import dev.axiom.nn.Network;
import dev.axiom.tensor.Rng;
import dev.axiom.testing.Arrays64;
import dev.axiom.testing.TestNetworks;
import java.util.List;
import org.junit.jupiter.api.Test;

class PgdAttackTest {

    /**
     * A linear two-class model's cross-entropy grows along {@code w_other − w_true} everywhere, so
     * its maximiser in the box is the corner {@code clip(x + ε sign(w_other − w_true))}, which one
     * step longer than the box's diameter reaches from any start.
     */
    @Test
    void findsTheClosedFormMaximiserOfALinearModel() {
        try (NDManager manager = NDManager.newBaseManager();
                Network net = Network.create(
                        new Architecture(new Shape(5), List.of(new LayerSpec.Linear(2, true))),
                        manager.newSubManager(), DataType.FLOAT64, 8);
                NDScope scope = new NDScope()) {
            Rng rng = new Rng(4);
            NDArray x = AttackFixtures.imagesWithEdges(manager, rng, new Shape(6, 5), DataType.FLOAT64);
            long[] labels = {0, 1, 1, 0, 0, 1};
            LinfBall ball = LinfBall.ofImages(0.15);
            PgdAttack attack = new PgdAttack(new ProjectedAscent(ball, 2, 0.5, true), 3);

            double[] adversarial = Arrays64.doubles(
                    attack.perturb(net, x, manager.create(labels), Loss.crossEntropy(), rng));

            double[] w = Arrays64.doubles(net.parameters().get(0).array()); // (2, 5), row per class
            double[] start = Arrays64.doubles(x);
            for (int i = 0; i < 6; i++) {
                int truth = (int) labels[i];
                for (int j = 0; j < 5; j++) {
                    double direction = w[(1 - truth) * 5 + j] - w[truth * 5 + j];
                    double corner = Math.min(1, Math.max(0, start[i * 5 + j] + 0.15 * Math.signum(direction)));
                    assertThat(adversarial[i * 5 + j]).as("sample %d feature %d", i, j).isCloseTo(corner, within(1e-12));
                }
            }
        }
    }

    @Test
    void staysInTheBallAndRaisesTheLossOfAConvolutionalNetwork() {
        try (NDManager manager = NDManager.newBaseManager();
                Network net = Network.create(TestNetworks.smallCnn(), manager.newSubManager(), DataType.FLOAT32, 4);
                NDScope scope = new NDScope()) {
            Rng rng = new Rng(6);
            NDArray x = AttackFixtures.imagesWithEdges(manager, rng, new Shape(8, 1, 6, 6), DataType.FLOAT32);
            NDArray y = manager.create(new long[] {0, 1, 2, 1, 0, 2, 2, 1});
            LinfBall ball = LinfBall.ofImages(0.1);
            NDArray adversarial =
                    new PgdAttack(new ProjectedAscent(ball, 10, 0.025, true), 2).perturb(net, x, y, Loss.crossEntropy(), rng);

            AttackFixtures.assertInside(ball, Arrays64.doubles(x), Arrays64.doubles(adversarial));
            double clean = Arrays64.doubles(Loss.crossEntropy().mean(net.predict(x), y))[0];
            double attacked = Arrays64.doubles(Loss.crossEntropy().mean(net.predict(adversarial), y))[0];
            assertThat(attacked).isGreaterThan(clean);
        }
    }
}
