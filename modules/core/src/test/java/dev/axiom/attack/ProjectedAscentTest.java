package dev.axiom.attack;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.data.Batch;
import dev.axiom.loss.Loss;
import dev.axiom.nn.ForwardMode;
import dev.axiom.nn.Network;
import dev.axiom.prior.GlobalImportance;
import dev.axiom.tensor.Autograd;
import dev.axiom.tensor.Rng;
import dev.axiom.testing.Arrays64;
import dev.axiom.testing.TestNetworks;
import dev.axiom.train.GradientStep;
import dev.axiom.train.Objective;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ProjectedAscentTest {

    @Test
    void oneLongStepOnALinearObjectiveReachesTheClippedCorner() {
        try (NDManager manager = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
            Rng rng = new Rng(1);
            NDArray x = AttackFixtures.imagesWithEdges(manager, rng, new Shape(3, 5), DataType.FLOAT64);
            double[] w = {0.7, -1.2, 0.3, -0.01, 2.0};
            NDArray weights = manager.create(w);
            Function<NDArray, NDArray> linear = p -> p.mul(weights).sum(new int[] {1});
            ProjectedAscent ascent = new ProjectedAscent(new LinfBall(0.2, 0, 1), 1, 0.5, false);

            double[] result = Arrays64.doubles(ascent.maximise(x, linear, List.of(), rng));

            double[] start = Arrays64.doubles(x);
            for (int i = 0; i < start.length; i++) {
                double corner = start[i] + 0.2 * Math.signum(w[i % 5]);
                assertThat(result[i]).isCloseTo(Math.min(1, Math.max(0, corner)), org.assertj.core.api.Assertions.within(1e-12));
            }
        }
    }

    @Test
    void everyIterateStaysInTheBallAndTheRange() {
        try (NDManager manager = NDManager.newBaseManager();
                Network net = Network.create(TestNetworks.smallCnn(), manager.newSubManager(), DataType.FLOAT32, 4)) {
            Rng rng = new Rng(2);
            for (int trial = 0; trial < 12; trial++) {
                try (NDScope scope = new NDScope()) {
                    double epsilon = trial % 4 == 0 ? 0 : 0.4 * rng.nextDouble();
                    double stepSize = 1.0 * rng.nextDouble();
                    LinfBall ball = new LinfBall(epsilon, 0, 1);
                    ProjectedAscent ascent = new ProjectedAscent(ball, 4, stepSize, trial % 2 == 0);
                    NDArray x = AttackFixtures.imagesWithEdges(manager, rng, new Shape(4, 1, 6, 6), DataType.FLOAT32);
                    NDArray y = manager.create(new long[] {0, 1, 2, 1});
                    Function<NDArray, NDArray> loss =
                            p -> Loss.crossEntropy().perSample(net.forward(p, ForwardMode.inference()).output(), y);
                    double[] center = Arrays64.doubles(x);
                    NDArray current = ascent.start(x, rng);
                    AttackFixtures.assertInside(ball, center, Arrays64.doubles(current));
                    for (int t = 0; t < ascent.steps(); t++) {
                        current = ascent.step(x, current, loss, net.parameterArrays());
                        AttackFixtures.assertInside(ball, center, Arrays64.doubles(current));
                    }
                }
            }
        }
    }

    @Test
    void theParametersGradientsAreLeftAsTheyWere() {
        try (NDManager manager = NDManager.newBaseManager();
                Network net = Network.create(TestNetworks.smallCnn(), manager.newSubManager(), DataType.FLOAT32, 4);
                NDScope scope = new NDScope()) {
            Rng rng = new Rng(3);
            NDArray x = AttackFixtures.imagesWithEdges(manager, rng, new Shape(4, 1, 6, 6), DataType.FLOAT32);
            NDArray y = manager.create(new long[] {0, 1, 2, 1});
            GradientStep step = new GradientStep(net, Objective.of(Loss.crossEntropy()));
            step.accumulate(Batch.of(x, y), new Rng(5), GlobalImportance.batchMean());
            List<double[]> before = Autograd.gradients(net.parameterArrays()).stream().map(Arrays64::doubles).toList();

            new ProjectedAscent(LinfBall.ofImages(0.1), 3, 0.05, true)
                    .maximise(x, p -> Loss.crossEntropy().perSample(net.forward(p, ForwardMode.inference()).output(), y),
                            net.parameterArrays(), rng);

            List<double[]> after = Autograd.gradients(net.parameterArrays()).stream().map(Arrays64::doubles).toList();
            for (int i = 0; i < before.size(); i++) {
                assertThat(after.get(i)).as("gradient of parameter %d", i).containsExactly(before.get(i));
            }
            // and the parameters take part in the next backward pass again
            step.accumulate(Batch.of(x, y), new Rng(5), GlobalImportance.batchMean());
            List<double[]> twice = Autograd.gradients(net.parameterArrays()).stream().map(Arrays64::doubles).toList();
            for (int i = 0; i < before.size(); i++) {
                for (int j = 0; j < before.get(i).length; j++) {
                    assertThat(twice.get(i)[j]).isCloseTo(2 * before.get(i)[j], org.assertj.core.api.Assertions.within(1e-5));
                }
            }
        }
    }
}
