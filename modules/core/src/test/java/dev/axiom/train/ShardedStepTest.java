package dev.axiom.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.attribution.Attributions;
import dev.axiom.attribution.Target;
import dev.axiom.data.Dataset;
import dev.axiom.loss.Loss;
import dev.axiom.nn.Mlp;
import dev.axiom.nn.Network;
import dev.axiom.prior.ParameterNorm;
import dev.axiom.prior.Priors;
import dev.axiom.tensor.Rng;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cutting batches into shards whose gradients are weighted by their share of the samples gives
 * the whole batch's gradient, for an objective without randomness; and shard boundaries are even.
 */
class ShardedStepTest {

    @ParameterizedTest(name = "{0} shards")
    @ValueSource(ints = {2, 3, 7})
    void shardedTrainingEqualsWholeBatchTraining(int shards) {
        Dataset data = dataset(61, 5);
        Objective objective = Objective.of(Loss.crossEntropy())
                .with(Penalty.onAttributions("grad-l1", 0.3, Priors.attributionL1(), Attributions.gradients(), Target.trueClass()))
                .with(Penalty.onParameters("l2", 0.01, Priors.weightL2(ParameterNorm.Scope.ALL_LAYERS)));
        Map<String, float[]> whole = train(data, objective, 1);
        Map<String, float[]> sharded = train(data, objective, shards);
        for (String name : whole.keySet()) {
            float[] a = whole.get(name);
            float[] b = sharded.get(name);
            for (int i = 0; i < a.length; i++) {
                assertThat((double) b[i]).as("%s[%d]", name, i).isCloseTo(a[i], org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }

    @Test
    void boundsAreContiguousAndEven() {
        assertThat(Shards.bounds(10, 3)).containsExactly(0, 3, 6, 10);
        assertThat(Shards.bounds(4, 4)).containsExactly(0, 1, 2, 3, 4);
        assertThat(Shards.bounds(5, 1)).containsExactly(0, 5);
        assertThatThrownBy(() -> Shards.bounds(2, 3)).hasMessageContaining("2 samples into 3");
    }

    private static Map<String, float[]> train(Dataset data, Objective objective, int shards) {
        try (Network net = Network.create(
                        Mlp.builder().setInputs(5).optHidden(7, 4).setOutputs(3).build(),
                        NDManager.newBaseManager(), DataType.FLOAT64, 9);
                TrainingLoop loop = TrainingLoop.builder(net, objective)
                        .setBatchSize(20).setEpochs(2).optSeed(4).optShards(shards)
                        .optOptimizer(Optimizer.sgd(0.9)).optSchedule(LearningRateSchedule.constant(0.1))
                        .build()) {
            loop.fit(data);
            assertThat(loop.stepCount()).isEqualTo(8);
            return net.exportState();
        }
    }

    private static Dataset dataset(int n, int p) {
        Rng rng = new Rng(1);
        float[] x = new float[n * p];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                x[i * p + j] = (float) rng.nextGaussian();
            }
            y[i] = rng.nextInt(3);
        }
        return new Dataset(x, new Shape(p), y, Dataset.LabelKind.CLASS_INDEX, 1, Dataset.defaultNames(new Shape(p)));
    }
}
