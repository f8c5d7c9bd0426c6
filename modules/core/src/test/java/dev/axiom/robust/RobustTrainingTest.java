package dev.axiom.robust;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.attack.AttackFixtures;
import dev.axiom.attack.LinfBall;
import dev.axiom.attack.ProjectedAscent;
import dev.axiom.data.Batch;
import dev.axiom.loss.Loss;
import dev.axiom.nn.Network;
import dev.axiom.nn.Parameter;
import dev.axiom.prior.GlobalImportance;
import dev.axiom.tensor.Autograd;
import dev.axiom.tensor.Rng;
import dev.axiom.testing.Arrays64;
import dev.axiom.testing.TestNetworks;
import dev.axiom.train.GradientStep;
import dev.axiom.train.Objective;
import dev.axiom.train.StepLosses;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RobustTrainingTest {

    private static RobustTraining robust(RobustMode mode, double epsilon, int steps, double stepSize, boolean randomStart) {
        return new RobustTraining(
                mode, new ProjectedAscent(LinfBall.ofImages(epsilon), steps, stepSize, randomStart), 4, 3, 0.8, 0.3);
    }

    /** With ε = 0, x' = x, IG(x, x) = 0 and every objective is natural training's, value and gradient. */
    @ParameterizedTest
    @EnumSource(value = RobustMode.class, names = {"MADRY", "IG_NORM", "IG_SUM_NORM"})
    void withEpsilonZeroEveryObjectiveIsNaturalTraining(RobustMode mode) {
        try (NDManager manager = NDManager.newBaseManager();
                Network net = Network.create(TestNetworks.smallCnn(), manager.newSubManager(), DataType.FLOAT64, 12);
                NDScope scope = new NDScope()) {
            Rng data = new Rng(8);
            Batch batch = Batch.of(
                    AttackFixtures.imagesWithEdges(manager, data, new Shape(5, 1, 6, 6), DataType.FLOAT64),
                    manager.create(new long[] {2, 0, 1, 1, 0}));
            Objective natural = Objective.of(Loss.crossEntropy());

            StepLosses plain = step(net, natural, batch);
            List<double[]> plainGradients = gradients(net);
            StepLosses robustLosses = step(net, natural.withRobust(robust(mode, 0, 3, 0.2, true)), batch);
            List<double[]> robustGradients = gradients(net);

            assertThat(robustLosses.loss()).isEqualTo(plain.loss());
            assertThat(robustLosses.taskLoss()).isEqualTo(plain.taskLoss());
            for (int i = 0; i < plainGradients.size(); i++) {
                assertThat(Arrays64.maxAbsDiff(robustGradients.get(i), plainGradients.get(i)))
                        .as("gradient of parameter %d", i)
                        .isLessThan(1e-12);
            }
            // the same objective with ε > 0 does differ (the test can fail)
            StepLosses perturbed = step(net, natural.withRobust(robust(mode, 0.2, 3, 0.1, true)), batch);
            assertThat(perturbed.loss()).isNotEqualTo(plain.loss());
        }
    }

    @ParameterizedTest
    @EnumSource(value = RobustMode.class, names = {"MADRY", "IG_NORM", "IG_SUM_NORM"})
    void theInnerMaximumStaysInTheBallAndTheRange(RobustMode mode) {
        try (NDManager manager = NDManager.newBaseManager();
                Network net = Network.create(TestNetworks.smallCnn(), manager.newSubManager(), DataType.FLOAT32, 13)) {
            Rng rng = new Rng(9);
            for (int trial = 0; trial < 6; trial++) {
                try (NDScope scope = new NDScope()) {
                    double epsilon = 0.05 + 0.3 * rng.nextDouble();
                    RobustTraining training = robust(mode, epsilon, 1 + rng.nextInt(4), epsilon * (0.5 + 2 * rng.nextDouble()),
                            mode == RobustMode.IG_NORM || trial % 2 == 0);
                    NDArray x = AttackFixtures.imagesWithEdges(manager, rng, new Shape(4, 1, 6, 6), DataType.FLOAT32);
                    NDArray y = manager.create(new long[] {0, 1, 2, 2});
                    NDArray inner = training.innerMaximum(net, x, y, Loss.crossEntropy(), rng);
                    AttackFixtures.assertInside(training.ascent().ball(), Arrays64.doubles(x), Arrays64.doubles(inner));
                    assertThat(Arrays64.maxAbsDiff(Arrays64.doubles(inner), Arrays64.doubles(x))).isGreaterThan(0);
                }
            }
        }
    }

    /**
     * The IG term's parameter gradient against central differences (float64). With no ascent steps
     * and a random start, x' is a fixed random point of the ball, so the objective is an ordinary
     * function of the parameters.
     */
    @ParameterizedTest
    @EnumSource(value = RobustMode.class, names = {"IG_NORM", "IG_SUM_NORM"})
    void theAttributionTermsGradientMatchesFiniteDifferences(RobustMode mode) {
        try (NDManager manager = NDManager.newBaseManager();
                Network net = Network.create(TestNetworks.smallCnn(), manager.newSubManager(), DataType.FLOAT64, 14);
                NDScope scope = new NDScope()) {
            Rng data = new Rng(10);
            Batch batch = Batch.of(
                    AttackFixtures.imagesWithEdges(manager, data, new Shape(3, 1, 6, 6), DataType.FLOAT64),
                    manager.create(new long[] {1, 0, 2}));
            Objective objective = Objective.of(Loss.crossEntropy()).withRobust(robust(mode, 0.3, 0, 0, true));
            step(net, objective, batch);
            List<double[]> analytic = gradients(net);
            Rng directions = new Rng(11);
            List<Parameter> params = net.parameters();
            double exact = 0;
            List<NDArray> original = new ArrayList<>();
            List<NDArray> direction = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) {
                NDArray a = params.get(i).array();
                double[] v = new double[analytic.get(i).length];
                for (int j = 0; j < v.length; j++) {
                    v[j] = directions.nextGaussian();
                    exact += v[j] * analytic.get(i)[j];
                }
                original.add(a.duplicate());
                direction.add(manager.create(v, a.getShape()));
            }
            double best = Double.POSITIVE_INFINITY;
            for (double h : new double[] {1e-6, 1e-7, 3e-6}) {
                double plus = lossAt(net, objective, batch, original, direction, h);
                double minus = lossAt(net, objective, batch, original, direction, -h);
                double numeric = (plus - minus) / (2 * h);
                best = Math.min(best, Math.abs(numeric - exact) / Math.max(Math.abs(exact), 1e-7));
            }
            lossAt(net, objective, batch, original, direction, 0);
            assertThat(best).as("relative error of the directional derivative %s", exact).isLessThan(1e-6);
        }
    }

    @Test
    void igNormWithoutARandomStartIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> robust(RobustMode.IG_NORM, 0.1, 5, 0.01, false))
                .hasMessageContaining("random start");
    }

    @Test
    void naturalTrainingHasNoInnerMaximumAndNoTerm() {
        RobustTraining natural = RobustTraining.natural();
        assertThat(natural.perturbs()).isFalse();
        assertThat(natural.attributionWeight()).isZero();
        assertThat(RobustMode.ofLabel("ig-sum-norm")).isEqualTo(RobustMode.IG_SUM_NORM);
        assertThat(robust(RobustMode.IG_NORM, 0.1, 20, 0.01, true).describe())
                .isEqualTo("ig-norm(eps=0.1, steps=20, step-size=0.01, random start, lambda=0.8, m=4/3)");
    }

    private static double lossAt(
            Network net, Objective objective, Batch batch, List<NDArray> original, List<NDArray> direction, double h) {
        List<Parameter> params = net.parameters();
        Autograd.notRecording(() -> {
            for (int i = 0; i < params.size(); i++) {
                NDArray a = params.get(i).array();
                a.subi(a).addi(original.get(i).add(direction.get(i).mul(h)));
            }
        });
        double value = step(net, objective, batch).loss();
        Autograd.zeroGradients(net.parameterArrays());
        return value;
    }

    private static StepLosses step(Network net, Objective objective, Batch batch) {
        Autograd.zeroGradients(net.parameterArrays());
        return new GradientStep(net, objective).accumulate(batch, new Rng(77), GlobalImportance.batchMean());
    }

    private static List<double[]> gradients(Network net) {
        return Autograd.gradients(net.parameterArrays()).stream().map(Arrays64::doubles).toList();
    }
}
