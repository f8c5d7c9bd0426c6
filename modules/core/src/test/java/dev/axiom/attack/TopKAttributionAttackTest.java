package dev.axiom.attack;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.nn.Network;
import dev.axiom.tensor.Rng;
import dev.axiom.tensor.Tensors;
import dev.axiom.testing.Arrays64;
import dev.axiom.testing.TestNetworks;
import org.junit.jupiter.api.Test;

class TopKAttributionAttackTest {

    @Test
    void neverReportsSuccessForAnExampleWhoseLabelChanged() {
        try (NDManager manager = NDManager.newBaseManager();
                Network net = Network.create(TestNetworks.smallCnn(), manager.newSubManager(), DataType.FLOAT32, 9);
                NDScope scope = new NDScope()) {
            Rng rng = new Rng(7);
            Shape shape = new Shape(12, 1, 6, 6);
            NDArray x = AttackFixtures.imagesWithEdges(manager, rng, shape, DataType.FLOAT32);
            int[] predicted = TopKAttributionAttack.predictions(net, x);
            long[] labels = new long[predicted.length];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = predicted[i];
            }
            LinfBall ball = LinfBall.ofImages(0.3);
            TopKAttributionAttack attack =
                    new TopKAttributionAttack(new ProjectedAscent(ball, 8, 0.1, false), 2, 5, 5, 1.0);

            TopKAttributionAttack.Result result = attack.attack(net, x, manager.create(labels), rng);

            AttackFixtures.assertInside(ball, Arrays64.doubles(x), toDoubles(result.perturbed()));
            NDArray perturbed = Tensors.owned(manager.create(result.perturbed(), shape));
            int[] after = TopKAttributionAttack.predictions(net, perturbed);
            int successes = 0;
            for (int i = 0; i < labels.length; i++) {
                assertThat(result.predicted()[i]).isEqualTo(predicted[i]);
                if (result.success()[i]) {
                    successes++;
                    assertThat(after[i]).as("label of the kept point of example %d", i).isEqualTo(predicted[i]);
                    assertThat(result.kendallTau()[i]).isLessThan(1);
                } else {
                    assertThat(result.kendallTau()[i]).isEqualTo(1);
                }
            }
            assertThat(successes).as("the attack moved some top-5 sets").isGreaterThan(0);
        }
    }

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
