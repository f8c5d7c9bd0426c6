package dev.axiom.experiment.benchmark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.axiom.attribution.Baseline;
import dev.axiom.attribution.Explainer;
import dev.axiom.attribution.Explanation;
import dev.axiom.attribution.Quadrature;
import dev.axiom.attribution.ReferenceSource;
import dev.axiom.attribution.Target;
import dev.axiom.data.Dataset;
import dev.axiom.experiment.Stats;
import dev.axiom.loss.MeanSquaredError;
import dev.axiom.nn.Mlp;
import dev.axiom.nn.Network;
import dev.axiom.tensor.Rng;
import dev.axiom.tensor.Tensors;
import dev.axiom.train.LearningRateSchedule;
import dev.axiom.train.Objective;
import dev.axiom.train.TrainingLoop;
import java.util.List;

/**
 * An MLP regressor (ReLU, MSE, Adam) trained with the project's {@link TrainingLoop} on a
 * {@link SyntheticData} set, evaluated as a {@link Model} and explained with the project's
 * {@link Explainer}.
 */
public final class TrainedRegressor implements Model, AutoCloseable {

    /** How the MLP is trained. */
    public record Training(int[] hidden, int epochs, int batchSize, double learningRate) {}

    private static final int MAX_ROWS_PER_PASS = 20_000;

    private final Network network;
    private final SyntheticData data;

    private TrainedRegressor(Network network, SyntheticData data) {
        this.network = network;
        this.data = data;
    }

    /** Trains a new MLP on {@code data}'s training set from {@code seed}. */
    public static TrainedRegressor train(SyntheticData data, Training training, long seed) {
        Network net = Network.create(Mlp.builder().setInputs(data.features()).optHidden(training.hidden()).setOutputs(1).build(), seed);
        try {
            Dataset train = new Dataset(floats(data.trainX()), new Shape(data.features()), floats(data.trainY()),
                    Dataset.LabelKind.REAL, 1, Dataset.defaultNames(new Shape(data.features())));
            try (TrainingLoop loop = TrainingLoop.builder(net, Objective.of(new MeanSquaredError()))
                    .setBatchSize(training.batchSize()).setEpochs(training.epochs())
                    .optSchedule(LearningRateSchedule.constant(training.learningRate())).optSeed(seed).build()) {
                loop.fit(train);
            }
            return new TrainedRegressor(net, data);
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    @Override
    public double[] predict(double[][] rows) {
        double[] out = new double[rows.length];
        for (int from = 0; from < rows.length; from += MAX_ROWS_PER_PASS) {
            int to = Math.min(rows.length, from + MAX_ROWS_PER_PASS);
            try (NDManager m = network.manager().newSubManager()) {
                NDArray x = Tensors.owned(m.create(floats(java.util.Arrays.copyOfRange(rows, from, to)), new Shape(to - from, data.features())));
                float[] y = Tensors.floats(network.predict(x));
                for (int i = 0; i < y.length; i++) {
                    out[from + i] = y[i];
                }
            }
        }
        return out;
    }

    /** The test-set R² of the model. */
    public double testRSquared() {
        return Stats.rSquared(predict(data.testX()), data.testY());
    }

    /**
     * Attributions of the test samples by {@code method}: EG with {@code references} training rows
     * drawn per sample, IG from the training mean with {@code steps} trapezoid points, plain
     * gradients, gradient × input, or N(0, 1) noise (random).
     */
    public double[][] explainTest(AttributionMethod method, int references, int steps, Rng rng) {
        int n = data.testX().length;
        int p = data.features();
        if (method == AttributionMethod.RANDOM) {
            double[][] phi = new double[n][p];
            for (double[] row : phi) {
                for (int j = 0; j < p; j++) {
                    row[j] = rng.nextGaussian();
                }
            }
            return phi;
        }
        Explainer explainer = new Explainer(network, MAX_ROWS_PER_PASS);
        Target target = Target.regressionOutput();
        try (NDManager m = network.manager().newSubManager()) {
            NDArray x = Tensors.owned(m.create(floats(data.testX()), new Shape(n, p)));
            NDArray pool = Tensors.owned(m.create(floats(data.trainX()), new Shape(data.trainX().length, p)));
            Explanation e = switch (method) {
                case EXPECTED_GRADIENTS -> explainer.expectedGradients(x, null, target, ReferenceSource.sampled(pool), references, rng);
                case INTEGRATED_GRADIENTS -> explainer.integratedGradients(x, null, target,
                        Baseline.constant(pool.mean(new int[] {0}), "training mean"), steps, Quadrature.TRAPEZOID);
                case GRADIENTS -> explainer.gradients(x, null, target);
                case GRADIENT_TIMES_INPUT -> explainer.gradientTimesInput(x, null, target);
                case RANDOM -> throw new AssertionError();
            };
            double[][] phi = new double[n][];
            for (int i = 0; i < n; i++) {
                float[] r = e.row(i);
                phi[i] = new double[p];
                for (int j = 0; j < p; j++) {
                    phi[i][j] = r[j];
                }
            }
            return phi;
        }
    }

    @Override
    public void close() {
        network.close();
    }

    private static float[] floats(double[][] rows) {
        int p = rows.length == 0 ? 0 : rows[0].length;
        float[] f = new float[rows.length * p];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < p; j++) {
                f[i * p + j] = (float) rows[i][j];
            }
        }
        return f;
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    /** The hidden widths as a list, for reports. */
    static List<Integer> widths(int[] hidden) {
        return java.util.Arrays.stream(hidden).boxed().toList();
    }
}
