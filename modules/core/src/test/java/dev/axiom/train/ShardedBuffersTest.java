package dev.axiom.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.data.Batch;
import dev.axiom.data.Dataset;
import dev.axiom.loss.Loss;
import dev.axiom.nn.ActivationKind;
import dev.axiom.nn.Architecture;
import dev.axiom.nn.ForwardMode;
import dev.axiom.nn.LayerSpec;
import dev.axiom.nn.Network;
import dev.axiom.prior.GlobalImportance;
import dev.axiom.tensor.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Batch norm's running statistics under sharded steps: every shard starts from the buffers before
 * the step, which end as {@code b0 + Σ w_s (b_s − b0)} (checked against shards run one by one on
 * replicas); one shard updates them in place exactly as an unsharded forward pass does.
 */
class ShardedBuffersTest {

    private static final Architecture ARCHITECTURE = new Architecture(new Shape(2, 5, 5), List.of(
            new LayerSpec.Conv2d(3, 3, 1, 1),
            new LayerSpec.BatchNorm(0.1, 1e-5),
            new LayerSpec.Activation(ActivationKind.RELU),
            new LayerSpec.Flatten(),
            new LayerSpec.Linear(6, true),
            new LayerSpec.BatchNorm(0.3, 1e-5),
            new LayerSpec.Activation(ActivationKind.RELU),
            new LayerSpec.Linear(3, true)));
    private static final int SAMPLES = 11;
    private static final Dataset DATA = dataset();

    @ParameterizedTest(name = "{0} shards")
    @ValueSource(ints = {2, 3})
    void aShardedStepEndsWithTheShardWeightedChangeOfTheBuffers(int shards) {
        try (Network net = network(); TrainingLoop loop = loop(net, shards);
                Network reference = net.replicate(); NDScope scope = new NDScope()) {
            List<double[]> start = buffers(reference);
            List<double[]> expected = start.stream().map(double[]::clone).toList();
            int[] bounds = Shards.bounds(SAMPLES, shards);
            for (int s = 0; s < shards; s++) {
                double weight = (bounds[s + 1] - bounds[s]) / (double) SAMPLES;
                try (Network replica = reference.replicate()) {
                    replica.forward(rows(replica, bounds[s], bounds[s + 1]), ForwardMode.training(new Rng(s)));
                    List<double[]> moved = buffers(replica);
                    for (int i = 0; i < expected.size(); i++) {
                        for (int j = 0; j < expected.get(i).length; j++) {
                            expected.get(i)[j] += weight * (moved.get(i)[j] - start.get(i)[j]);
                        }
                    }
                }
            }
            loop.step(DATA.batch(IntStream.range(0, SAMPLES).toArray(), net.manager(), net.dataType()));
            List<double[]> actual = buffers(net);
            assertThat(actual).hasSize(4);
            for (int i = 0; i < actual.size(); i++) {
                assertThat(actual.get(i)).as("buffer %d moved", i).isNotEqualTo(start.get(i));
                for (int j = 0; j < actual.get(i).length; j++) {
                    assertThat(actual.get(i)[j]).as("buffer %d [%d]", i, j).isCloseTo(expected.get(i)[j], within(1e-12));
                }
            }
        }
    }

    @Test
    void oneShardUpdatesTheBuffersInPlaceExactlyAsAnUnshardedForwardPass() {
        try (Network net = network(); TrainingLoop loop = loop(net, 1);
                Network reference = net.replicate(); NDScope scope = new NDScope()) {
            List<double[]> start = buffers(reference);
            reference.forward(rows(reference, 0, SAMPLES), ForwardMode.training(new Rng(0)));
            loop.step(DATA.batch(IntStream.range(0, SAMPLES).toArray(), net.manager(), net.dataType()));
            List<double[]> actual = buffers(net);
            List<double[]> expected = buffers(reference);
            for (int i = 0; i < actual.size(); i++) {
                assertThat(actual.get(i)).as("buffer %d moved", i).isNotEqualTo(start.get(i));
                assertThat(actual.get(i)).as("buffer %d", i).containsExactly(expected.get(i));
            }
        }
    }

    @Test
    void theCombinationIsTheSameWhoeverComputesTheChanges() {
        try (Network net = network(); Network replica = net.replicate(); NDScope scope = new NDScope()) {
            List<NDArray> start = ShardBuffers.snapshot(replica);
            replica.forward(rows(replica, 0, 4), ForwardMode.training(new Rng(0)));
            List<NDArray> first = ShardBuffers.change(replica, start, 4 / 7.0);
            ShardBuffers.reset(replica, start);
            replica.forward(rows(replica, 4, 7), ForwardMode.training(new Rng(0)));
            List<NDArray> second = ShardBuffers.change(replica, start, 3 / 7.0);
            ShardBuffers.add(net, ShardBuffers.sum(List.of(first, second)));
            List<double[]> b0 = values(start);
            List<double[]> c0 = values(first);
            List<double[]> c1 = values(second);
            List<double[]> combined = buffers(net);
            for (int i = 0; i < combined.size(); i++) {
                for (int j = 0; j < combined.get(i).length; j++) {
                    assertThat(combined.get(i)[j]).isEqualTo(b0.get(i)[j] + (c0.get(i)[j] + c1.get(i)[j]));
                }
            }
        }
    }

    private static Network network() {
        return Network.create(ARCHITECTURE, NDManager.newBaseManager(), DataType.FLOAT64, 3);
    }

    private static TrainingLoop loop(Network net, int shards) {
        return TrainingLoop.builder(net, Objective.of(Loss.crossEntropy()))
                .setBatchSize(SAMPLES).setEpochs(1).optShards(shards).optTrainingSize(SAMPLES)
                .optOptimizer(Optimizer.sgd(0)).optSchedule(LearningRateSchedule.constant(0.1))
                .optGlobalImportance(GlobalImportance.batchMean())
                .build();
    }

    private static NDArray rows(Network net, int from, int to) {
        Batch batch = DATA.batch(IntStream.range(from, to).toArray(), net.manager(), net.dataType());
        return batch.x();
    }

    private static List<double[]> buffers(Network net) {
        return values(ShardBuffers.of(net));
    }

    private static List<double[]> values(List<NDArray> arrays) {
        List<double[]> out = new ArrayList<>();
        for (NDArray a : arrays) {
            out.add(a.toType(DataType.FLOAT64, true).toDoubleArray());
        }
        return out;
    }

    private static Dataset dataset() {
        Rng rng = new Rng(8);
        Shape shape = new Shape(2, 5, 5);
        int p = (int) shape.size();
        float[] x = new float[SAMPLES * p];
        float[] y = new float[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            for (int j = 0; j < p; j++) {
                x[i * p + j] = (float) (2 + 3 * rng.nextGaussian()); // far from the initial mean 0, variance 1
            }
            y[i] = rng.nextInt(3);
        }
        return new Dataset(x, shape, y, Dataset.LabelKind.CLASS_INDEX, 1, Dataset.defaultNames(shape));
    }
}
