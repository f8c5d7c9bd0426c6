package dev.axiom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.attribution.Attributions;
import dev.axiom.attribution.Target;
import dev.axiom.data.Batch;
import dev.axiom.data.Dataset;
import dev.axiom.loss.Loss;
import dev.axiom.nn.ActivationKind;
import dev.axiom.nn.Architecture;
import dev.axiom.nn.ForwardMode;
import dev.axiom.nn.LayerSpec;
import dev.axiom.nn.Mlp;
import dev.axiom.nn.Network;
import dev.axiom.prior.GlobalImportance;
import dev.axiom.prior.GraphLaplacian;
import dev.axiom.prior.PixelSmoothness;
import dev.axiom.prior.Prior;
import dev.axiom.prior.PriorContext;
import dev.axiom.prior.Priors;
import dev.axiom.prior.graph.FeatureGraph;
import dev.axiom.tensor.Autograd;
import dev.axiom.tensor.Checks;
import dev.axiom.tensor.NonFiniteValueException;
import dev.axiom.tensor.Rng;
import dev.axiom.testing.Arrays64;
import dev.axiom.testing.TestNetworks;
import dev.axiom.train.GradientStep;
import dev.axiom.train.Objective;
import dev.axiom.train.Optimizer;
import dev.axiom.train.Penalty;
import dev.axiom.train.TrainingLoop;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Wrong input fails early with a message that names the tensor and the expected and actual shape
 * or value. Each assertion checks the message content, not only the exception type.
 */
class BadInputTest {

    private NDManager manager;
    private NDScope scope;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
        scope = new NDScope();
    }

    @AfterEach
    void close() {
        scope.close();
        manager.close();
    }

    /** (4) → linear 5 → tanh → linear 3. */
    private static Architecture mlp() {
        return Mlp.builder().setInputs(4).optHidden(5).optActivation(ActivationKind.TANH).setOutputs(3).build();
    }

    private Network network(DataType type) {
        return Network.create(mlp(), manager.newSubManager(), type, 1);
    }

    private NDArray normal(Shape shape, DataType type) {
        return Arrays64.normal(manager, new Rng(shape.size()), shape, type);
    }

    private TrainingLoop loop(Network net, Objective objective) {
        return TrainingLoop.builder(net, objective)
                .setBatchSize(2)
                .setEpochs(1)
                .optOptimizer(Optimizer.sgd(0))
                .build();
    }

    // ---------------------------------------------------------------- (a) input shape

    @Test
    void networkForwardNamesTheInputAndBothShapes() {
        try (Network net = network(DataType.FLOAT32)) {
            NDArray x = normal(new Shape(2, 5), DataType.FLOAT32);
            assertThatThrownBy(() -> net.forward(x, ForwardMode.inference()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("network input")
                    .hasMessageContaining("(N, 4)")
                    .hasMessageContaining("(2, 5)");
            // One axis too many with the right width.
            NDArray y = normal(new Shape(2, 4, 1), DataType.FLOAT32);
            assertThatThrownBy(() -> net.predict(y))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("network input")
                    .hasMessageContaining("(N, 4)")
                    .hasMessageContaining("(2, 4, 1)");
        }
        try (Network cnn = Network.create(TestNetworks.smallCnn(), manager.newSubManager(), DataType.FLOAT32, 1)) {
            // The channel axis is missing.
            NDArray x = normal(new Shape(3, 6, 6), DataType.FLOAT32);
            assertThatThrownBy(() -> cnn.forward(x, ForwardMode.inference()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("network input")
                    .hasMessageContaining("(N, 1, 6, 6)")
                    .hasMessageContaining("(3, 6, 6)");
        }
    }

    @Test
    void networkForwardNamesAWrongDataType() {
        try (Network net = network(DataType.FLOAT32)) {
            NDArray x = normal(new Shape(2, 4), DataType.FLOAT64);
            assertThatThrownBy(() -> net.forward(x, ForwardMode.inference()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("network input")
                    .hasMessageContaining("float64")
                    .hasMessageContaining("float32");
        }
    }

    @Test
    void gradientStepAndTrainingLoopNameTheInputAndBothShapes() {
        try (Network net = network(DataType.FLOAT32);
                TrainingLoop loop = loop(net, Objective.of(Loss.crossEntropy()))) {
            Batch batch = Batch.of(normal(new Shape(2, 6), DataType.FLOAT32), manager.create(new long[] {0, 1}));
            GradientStep step = new GradientStep(net, Objective.of(Loss.crossEntropy()));
            assertThatThrownBy(() -> step.accumulate(batch, new Rng(1), GlobalImportance.batchMean()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("network input")
                    .hasMessageContaining("(N, 4)")
                    .hasMessageContaining("(2, 6)");
            assertThatThrownBy(() -> loop.step(batch))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("network input")
                    .hasMessageContaining("(N, 4)")
                    .hasMessageContaining("(2, 6)");
            assertThat(loop.stepCount()).isZero();

            // Through fit: a data set whose samples have the wrong shape.
            Dataset wrong =
                    new Dataset(new float[12], new Shape(6), new float[] {0, 1}, Dataset.LabelKind.CLASS_INDEX, 1,
                            Dataset.defaultNames(new Shape(6)));
            assertThatThrownBy(() -> loop.fit(wrong))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("network input")
                    .hasMessageContaining("(N, 4)")
                    .hasMessageContaining("(2, 6)");
        }
    }

    // ---------------------------------------------------------------- (b) graph size

    @Test
    void graphOverAnotherNumberOfFeaturesNamesBothNumbers() {
        FeatureGraph graph = new FeatureGraph(7, new int[] {0, 1}, new int[] {1, 6}, new float[] {1, 1});
        try (GraphLaplacian prior = Priors.graph(graph)) {
            NDArray phi = normal(new Shape(2, 5), DataType.FLOAT32);
            assertThatThrownBy(() -> prior.penalty(phi, PriorContext.of(null)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("feature graph has 7 features")
                    .hasMessageContaining("attributions have 5");
            // Image attributions are flattened first: (2, 1, 2, 4) has 8 features per sample.
            NDArray images = normal(new Shape(2, 1, 2, 4), DataType.FLOAT32);
            assertThatThrownBy(() -> prior.penalty(images, PriorContext.of(null)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("7 features")
                    .hasMessageContaining("attributions have 8");
        }
    }

    // ---------------------------------------------------------------- (c) non-finite objective

    /** A prior that takes the square root of the attributions: NaN as soon as one is negative. */
    private static final Prior SQRT_PRIOR =
            new Prior() {
                @Override
                public NDArray penalty(NDArray attributions, PriorContext context) {
                    return attributions.sqrt().sum();
                }

                @Override
                public String describe() {
                    return "sqrt";
                }
            };

    @Test
    void nanDataMakesGradientStepThrowNamingTheObjective() {
        try (Network net = network(DataType.FLOAT64)) {
            GradientStep step = new GradientStep(net, Objective.of(Loss.crossEntropy()));
            NDArray x = normal(new Shape(3, 4), DataType.FLOAT64);
            Batch good = Batch.of(x, manager.create(new long[] {0, 1, 2}));
            // A good step first, so that every parameter has a gradient buffer; then reset it.
            step.accumulate(good, new Rng(1), GlobalImportance.batchMean());
            Autograd.zeroGradients(net.parameterArrays());

            NDArray bad = x.duplicate();
            bad.set(new ai.djl.ndarray.index.NDIndex("1, 2"), Double.NaN);
            Batch batch = Batch.of(bad, manager.create(new long[] {0, 1, 2}));
            assertThatThrownBy(() -> step.accumulate(batch, new Rng(1), GlobalImportance.batchMean()))
                    .isInstanceOf(NonFiniteValueException.class)
                    .hasMessageContaining("training objective is NaN")
                    .hasMessageContaining("task loss NaN");
            // Nothing was accumulated.
            for (NDArray g : Autograd.gradients(net.parameterArrays())) {
                assertThat(Arrays64.maxAbsDiff(Arrays64.doubles(g), new double[(int) g.size()])).isZero();
            }
        }
    }

    @Test
    void nanAttributionPenaltyMakesGradientStepThrowNamingThePenalty() {
        try (Network net = network(DataType.FLOAT64)) {
            Objective objective =
                    Objective.of(Loss.crossEntropy())
                            .with(Penalty.onAttributions("root", 0.5, SQRT_PRIOR, Attributions.gradients(), Target.trueClass()));
            GradientStep step = new GradientStep(net, objective);
            Batch batch = Batch.of(normal(new Shape(3, 4), DataType.FLOAT64), manager.create(new long[] {0, 1, 2}));
            assertThatThrownBy(() -> step.accumulate(batch, new Rng(1), GlobalImportance.batchMean()))
                    .isInstanceOf(NonFiniteValueException.class)
                    .hasMessageContaining("training objective is NaN")
                    .hasMessageContaining("root=NaN")
                    .hasMessageNotContaining("task loss NaN");
        }
    }

    @Test
    void trainingLoopWrapsTheNonFiniteObjectiveNamingTheStep() {
        try (Network net = network(DataType.FLOAT64);
                Network twin = network(DataType.FLOAT64);
                TrainingLoop loop = loop(net, Objective.of(Loss.crossEntropy()));
                TrainingLoop reference = loop(twin, Objective.of(Loss.crossEntropy()))) {
            NDArray x = normal(new Shape(2, 4), DataType.FLOAT64);
            Batch good = Batch.of(x, manager.create(new long[] {0, 2}));
            NDArray nan = x.duplicate();
            nan.set(new ai.djl.ndarray.index.NDIndex("0, 0"), Double.NaN);
            Batch bad = Batch.of(nan, manager.create(new long[] {0, 2}));

            loop.step(good);
            loop.step(good);
            Map<String, float[]> before = net.exportState();
            assertThatThrownBy(() -> loop.step(bad))
                    .isInstanceOf(NonFiniteValueException.class)
                    .hasMessageContaining("step 3")
                    .hasMessageContaining("epoch 0")
                    .hasMessageContaining("training objective is NaN");
            assertThat(loop.stepCount()).isEqualTo(2);
            assertThat(net.exportState()).usingRecursiveComparison().isEqualTo(before);

            // The loop goes on as if the bad batch had never come.
            loop.step(good);
            reference.step(good);
            reference.step(good);
            reference.step(good);
            assertThat(net.exportState()).usingRecursiveComparison().isEqualTo(twin.exportState());
        }
    }

    @Test
    void trainingLoopFitWrapsANanInTheData() {
        float[] features = new float[4 * 4];
        for (int i = 0; i < features.length; i++) {
            features[i] = (i % 5) - 2;
        }
        features[9] = Float.NaN;
        Dataset data =
                new Dataset(features, new Shape(4), new float[] {0, 1, 2, 0}, Dataset.LabelKind.CLASS_INDEX, 1,
                        Dataset.defaultNames(new Shape(4)));
        try (Network net = network(DataType.FLOAT64);
                TrainingLoop loop = loop(net, Objective.of(Loss.crossEntropy()))) {
            assertThatThrownBy(() -> loop.fit(data))
                    .isInstanceOf(NonFiniteValueException.class)
                    .hasMessageMatching("(?s)training stopped at step [12] \\(epoch 0\\).*training objective is NaN.*");
        }
    }

    @Test
    void nanObjectiveOfAFloat32NetworkIsReportedAsNonFinite() {
        try (Network net = network(DataType.FLOAT32);
                TrainingLoop loop = loop(net, Objective.of(Loss.crossEntropy()))) {
            NDArray x = normal(new Shape(2, 4), DataType.FLOAT32);
            Batch good = Batch.of(x, manager.create(new long[] {0, 2}));
            assertThatCode(() -> loop.step(good)).doesNotThrowAnyException();
            NDArray nan = x.duplicate();
            nan.set(new ai.djl.ndarray.index.NDIndex("0, 0"), Float.NaN);
            assertThatThrownBy(() -> loop.step(Batch.of(nan, manager.create(new long[] {0, 2}))))
                    .isInstanceOf(NonFiniteValueException.class)
                    .hasMessageContaining("step 2")
                    .hasMessageContaining("training objective is NaN");
        }
    }

    // ---------------------------------------------------------------- (d) Checks.requireFinite

    @Test
    void requireFiniteScalarNamesTheValue() {
        assertThatThrownBy(() -> Checks.requireFinite("learning rate", Double.NaN))
                .isInstanceOf(NonFiniteValueException.class)
                .hasMessageContaining("learning rate")
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> Checks.requireFinite("loss", Double.NEGATIVE_INFINITY))
                .isInstanceOf(NonFiniteValueException.class)
                .hasMessageContaining("loss")
                .hasMessageContaining("-Infinity");
        assertThat(Checks.requireFinite("loss", 2.5)).isEqualTo(2.5);
    }

    @Test
    void requireFiniteArrayAcceptsFiniteValues() {
        assertThatCode(() -> Checks.requireFinite("phi", manager.create(new float[] {1, -2, 3e30f}, new Shape(3))))
                .doesNotThrowAnyException();
    }

    @Test
    void requireFiniteArrayNamesTheTensorTheValueAndTheIndex() {
        NDArray phi = manager.create(new float[] {1, 2, Float.NaN, 4, Float.POSITIVE_INFINITY, 6}, new Shape(2, 3));
        assertThatThrownBy(() -> Checks.requireFinite("phi", phi))
                .isInstanceOf(NonFiniteValueException.class)
                .hasMessageContaining("phi")
                .hasMessageContaining("NaN")
                .hasMessageContaining("index 2")
                .hasMessageContaining("(2, 3)");
        NDArray inf = manager.create(new double[] {0, 0, 0, Double.NEGATIVE_INFINITY}, new Shape(4));
        assertThatThrownBy(() -> Checks.requireFinite("weights", inf))
                .isInstanceOf(NonFiniteValueException.class)
                .hasMessageContaining("weights")
                .hasMessageContaining("-Infinity")
                .hasMessageContaining("index 3");
    }

    // ---------------------------------------------------------------- (e) batch sizes

    @Test
    void batchWithLabelsOfAnotherBatchSizeNamesBoth() {
        NDArray x = normal(new Shape(3, 4), DataType.FLOAT32);
        assertThatThrownBy(() -> Batch.of(x, manager.create(new long[] {0, 1})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labels has 2 rows")
                .hasMessageContaining("inputs has 3");
        assertThatThrownBy(() -> Batch.of(x, manager.zeros(new Shape(5, 2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labels has 5 rows")
                .hasMessageContaining("inputs has 3");
        assertThatThrownBy(() -> new Batch(x, manager.create(new long[] {0, 1, 2}), manager.ones(new Shape(3, 5))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mask")
                .hasMessageContaining("(3, 5)")
                .hasMessageContaining("(3, 4)");
    }

    @Test
    void lossLabelsOfAnotherBatchSizeOrWidthNameBoth() {
        NDArray z = normal(new Shape(3, 2), DataType.FLOAT32);
        assertThatThrownBy(() -> Loss.crossEntropy().perSample(z, manager.create(new long[] {0, 1})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labels has 2 rows")
                .hasMessageContaining("network output has 3");
        assertThatThrownBy(() -> Loss.meanSquaredError().perSample(z, manager.zeros(new Shape(3, 3))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labels")
                .hasMessageContaining("(3, 3)")
                .hasMessageContaining("(3, 2)");
    }

    @Test
    void rightForRightReasonsMaskOfAnotherShapeNamesBoth() {
        NDArray phi = normal(new Shape(2, 3), DataType.FLOAT32);
        PriorContext context = PriorContext.of(null).withMask(manager.ones(new Shape(2, 4)));
        assertThatThrownBy(() -> Priors.rightForRightReasons().penalty(phi, context))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mask")
                .hasMessageContaining("(2, 4)")
                .hasMessageContaining("(2, 3)");
    }

    // ---------------------------------------------------------------- (f) feature graph edges

    @Test
    void featureGraphNamesTheBadEdge() {
        assertThatThrownBy(() -> new FeatureGraph(3, new int[] {0, 0}, new int[] {1, 3}, new float[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("edge 1")
                .hasMessageContaining("(0, 3)")
                .hasMessageContaining("0..2");
        assertThatThrownBy(() -> new FeatureGraph(3, new int[] {0, -1}, new int[] {1, 2}, new float[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("edge 1")
                .hasMessageContaining("(-1, 2)");
        assertThatThrownBy(() -> new FeatureGraph(3, new int[] {0, 1, 0}, new int[] {1, 2, 2}, new float[] {1, 1, -0.5f}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("edge 2")
                .hasMessageContaining("-0.5");
        assertThatThrownBy(() -> new FeatureGraph(3, new int[] {0}, new int[] {1}, new float[] {Float.NaN}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("edge 0")
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> new FeatureGraph(3, new int[] {0}, new int[] {1}, new float[] {Float.POSITIVE_INFINITY}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("edge 0")
                .hasMessageContaining("Infinity");
        assertThatThrownBy(() -> new FeatureGraph(3, new int[] {0, 1}, new int[] {1}, new float[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 sources")
                .hasMessageContaining("1 targets");
    }

    // ---------------------------------------------------------------- (g) loadState

    @Test
    void loadStateNamesAMissingOrWronglySizedArray() {
        try (Network net = network(DataType.FLOAT32)) {
            Map<String, float[]> before = net.exportState();
            assertThat(before).containsKey("0.linear.bias");

            Map<String, float[]> missing = new HashMap<>(before);
            missing.remove("0.linear.bias");
            assertThatThrownBy(() -> net.loadState(missing))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'0.linear.bias'")
                    .hasMessageContaining("no array");

            Map<String, float[]> wrong = new HashMap<>(before);
            wrong.put("2.linear.weight", new float[7]);
            wrong.put("0.linear.weight", new float[20]); // right size, applied only if all are right
            assertThatThrownBy(() -> net.loadState(wrong))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'2.linear.weight'")
                    .hasMessageContaining("7 values")
                    .hasMessageContaining("expected 15")
                    .hasMessageContaining("(3, 5)");
            // A rejected state leaves the network untouched.
            assertThat(net.exportState()).usingRecursiveComparison().isEqualTo(before);
        }
    }

    // ---------------------------------------------------------------- checks found missing

    @Test
    void crossEntropyLabelOutOfRangeNamesTheValueAndTheClasses() {
        NDArray z = normal(new Shape(2, 3), DataType.FLOAT32);
        assertThatThrownBy(() -> Loss.crossEntropy().perSample(z, manager.create(new long[] {0, 3})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labels")
                .hasMessageContaining("3")
                .hasMessageContaining("0..2");
    }

    @Test
    void pixelSmoothnessImageShapeMismatchNamesBothShapes() {
        Prior prior = Priors.pixelSmoothness(PixelSmoothness.Channels.SUM, new Shape(1, 3, 3));
        NDArray phi = normal(new Shape(2, 10), DataType.FLOAT32);
        assertThatThrownBy(() -> prior.penalty(phi, PriorContext.of(null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pixel smoothness")
                .hasMessageContaining("(1, 3, 3)")
                .hasMessageContaining("(2, 10)");
    }

    @Test
    void featureGraphWithoutFeaturesIsRejected() {
        assertThatThrownBy(() -> new FeatureGraph(0, new int[0], new int[0], new float[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
        assertThatThrownBy(() -> new FeatureGraph(-1, new int[0], new int[0], new float[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void sparseGroupLassoWithoutWeightsSaysSo() {
        Architecture noWeights = new Architecture(new Shape(3), List.of(new LayerSpec.Activation(ActivationKind.RELU)));
        try (Network net = Network.create(noWeights, manager.newSubManager(), DataType.FLOAT32, 1)) {
            assertThatThrownBy(() -> Priors.sparseGroupLasso(0.5).penalty(null, PriorContext.of(net)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no weights");
        }
    }
}
