package dev.axiom.runtime;

import ai.djl.ndarray.types.Shape;
import dev.axiom.attribution.Attributions;
import dev.axiom.attribution.Target;
import dev.axiom.data.Dataset;
import dev.axiom.loss.Loss;
import dev.axiom.nn.ActivationKind;
import dev.axiom.nn.Architecture;
import dev.axiom.nn.LayerSpec;
import dev.axiom.nn.Mlp;
import dev.axiom.nn.Network;
import dev.axiom.prior.Priors;
import dev.axiom.runtime.events.TrainingEvent;
import dev.axiom.tensor.Rng;
import dev.axiom.train.LearningRateSchedule;
import dev.axiom.train.Objective;
import dev.axiom.train.Penalty;
import dev.axiom.train.TrainingLoop;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A small classification problem and model with every source of step randomness switched on
 * (dropout, EG interpolation and shifted references) and a {@code φ̄}-based prior (Gini), trained
 * by the plain loop or the runtime.
 */
final class RuntimeFixture {

    static final int SAMPLES = 230;
    static final int BATCH = 20;
    static final int FEATURES = 12;
    static final long SEED = 17;

    private RuntimeFixture() {}

    static Dataset data() {
        Rng rng = new Rng(5);
        float[] x = new float[SAMPLES * FEATURES];
        float[] y = new float[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            double s = 0;
            for (int j = 0; j < FEATURES; j++) {
                float v = (float) rng.nextGaussian();
                x[i * FEATURES + j] = v;
                s += j < 4 ? v : 0;
            }
            y[i] = s > 0 ? 1 : (s > -1 ? 2 : 0);
        }
        return new Dataset(x, new Shape(FEATURES), y, Dataset.LabelKind.CLASS_INDEX, 1,
                Dataset.defaultNames(new Shape(FEATURES)));
    }

    static Objective objective() {
        return Objective.of(Loss.crossEntropy())
                .with(Penalty.onAttributions("gini", 0.05, Priors.gini(), Attributions.expectedGradients(2), Target.trueClass()));
    }

    static Network network() {
        return Network.create(Mlp.builder().setInputs(FEATURES).optHidden(16, 8).optDropout(0.2).setOutputs(3).build(), SEED);
    }

    /** The same kind of model with batch norm after each hidden layer (running statistics to combine). */
    static Network batchNormNetwork() {
        return Network.create(new Architecture(new Shape(FEATURES), List.of(
                new LayerSpec.Linear(16, true), new LayerSpec.BatchNorm(0.1, 1e-5), new LayerSpec.Activation(ActivationKind.RELU),
                new LayerSpec.Dropout(0.2),
                new LayerSpec.Linear(8, true), new LayerSpec.BatchNorm(0.1, 1e-5), new LayerSpec.Activation(ActivationKind.RELU),
                new LayerSpec.Linear(3, true))), SEED);
    }

    static TrainingLoop loop(Network net, int epochs, int shards) {
        return TrainingLoop.builder(net, objective())
                .setBatchSize(BATCH)
                .setEpochs(epochs)
                .optSeed(SEED)
                .optShards(shards)
                .optSchedule(LearningRateSchedule.constant(0.01))
                .optTrainingSize(SAMPLES)
                .build();
    }

    /** Trains a fresh network with {@code training} and returns its final state. */
    static Map<String, float[]> trained(int epochs, int shards, Function<TrainingLoop, ?> training) {
        return trained(RuntimeFixture::network, epochs, shards, training);
    }

    /** Trains a fresh network from {@code model} with {@code training} and returns its final state. */
    static Map<String, float[]> trained(Supplier<Network> model, int epochs, int shards, Function<TrainingLoop, ?> training) {
        try (Network net = model.get(); TrainingLoop loop = loop(net, epochs, shards)) {
            training.apply(loop);
            return net.exportState();
        }
    }

    /** Collects events (thread-safe). */
    static final class Events extends CopyOnWriteArrayList<TrainingEvent> {
        <T extends TrainingEvent> List<T> of(Class<T> type) {
            return stream().filter(type::isInstance).map(type::cast).toList();
        }
    }
}
