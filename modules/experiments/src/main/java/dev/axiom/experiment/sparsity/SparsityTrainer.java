package dev.axiom.experiment.sparsity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.axiom.attribution.Explainer;
import dev.axiom.attribution.Explanation;
import dev.axiom.attribution.ReferenceSource;
import dev.axiom.attribution.Target;
import dev.axiom.data.Dataset;
import dev.axiom.data.Preprocessing;
import dev.axiom.experiment.Stats;
import dev.axiom.nn.Architecture;
import dev.axiom.nn.Mlp;
import dev.axiom.nn.Network;
import dev.axiom.tensor.NonFiniteValueException;
import dev.axiom.tensor.Rng;
import dev.axiom.tensor.Tensors;
import dev.axiom.train.LearningRateSchedule;
import dev.axiom.train.Optimizer;
import dev.axiom.train.TrainingLoop;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trains one model on one replicate's subsample and measures it: validation and test ROC-AUC, and
 * the global expected-gradients importance {@code φ̄_j = mean_ℓ |φ_j^ℓ|} (the same EG estimate for
 * every model) with its Gini coefficient. All models of a replicate share the split, the
 * standardisation (training statistics) and the initial weights, so comparisons are paired.
 */
final class SparsityTrainer {

    /** Where the explained samples come from. */
    enum Explained {
        /** The validation rows (while choosing λ). */
        VALIDATION,
        /** The first {@code explainSamples} rows of the shuffled test set. */
        TEST
    }

    private final Dataset all;
    private final SparsityScale scale;
    private final float[] labels;

    SparsityTrainer(Dataset all, SparsityScale scale) {
        if (all.labelWidth() != 1 || all.sampleShape().dimension() != 1) {
            throw new IllegalArgumentException("the sparsity experiment needs a table with one binary label, got samples of shape "
                    + all.sampleShape() + " and " + all.labelWidth() + " label columns");
        }
        this.all = all;
        this.scale = scale;
        this.labels = all.labelArray();
    }

    /** The seed of replicate {@code r}'s split, initial weights and training randomness. */
    static long seed(int replicate) {
        return 1_000_003L * (replicate + 1);
    }

    /** Trains {@code model} at {@code lambda} on replicate {@code replicate} and measures it. */
    Map<String, Double> run(SparsityModel model, double lambda, int replicate, Explained explained) {
        long seed = seed(replicate);
        Subsample split = Subsample.draw(labels, scale.trainSize(), scale.validationSize(), seed);
        Dataset rawTrain = all.subset(split.train());
        Preprocessing standardise = Preprocessing.fit(rawTrain, true);
        Dataset train = standardise.apply(rawTrain);
        Dataset validation = standardise.apply(all.subset(split.validation()));
        Dataset test = standardise.apply(all.subset(split.test()));
        int[] testOrder = new Rng(seed ^ 0x7E57L).permutation(test.size());
        Dataset explainedSet = explained == Explained.VALIDATION
                ? validation
                : test.subset(Arrays.copyOf(testOrder, Math.min(scale.explainSamples(), test.size())));

        Architecture mlp = Mlp.builder().setInputs(all.featureCount()).optHidden(scale.hidden()).setOutputs(1).build();
        Map<String, Double> out = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager();
                Network net = Network.create(mlp, seed)) {
            NDArray pool = train.features(manager).toType(net.dataType(), false);
            try (TrainingLoop loop = TrainingLoop.builder(net, model.objective(lambda, pool, scale.trainReferences()))
                    .setBatchSize(train.size())
                    .setEpochs(scale.epochs())
                    .optSeed(seed)
                    .optOptimizer(Optimizer.sgd(scale.momentum()))
                    .optSchedule(LearningRateSchedule.constant(scale.learningRate()))
                    .build()) {
                loop.fit(train);
            } catch (NonFiniteValueException e) {
                out.put("val_roc_auc", Double.NaN);
                out.put("test_roc_auc", Double.NaN);
                out.put("gini", Double.NaN);
                out.put("diverged", 1.0);
                return out;
            }
            out.put("val_roc_auc", rocAuc(net, manager, validation));
            out.put("test_roc_auc", explained == Explained.TEST ? rocAuc(net, manager, test) : Double.NaN);
            double[] importance = globalImportance(net, manager, pool, explainedSet, seed);
            out.put("gini", Stats.gini(importance));
            for (int j = 0; j < importance.length; j++) {
                out.put("phi_" + j, importance[j]);
            }
            out.put("diverged", 0.0);
        }
        return out;
    }

    private static double rocAuc(Network net, NDManager manager, Dataset data) {
        try (NDScope scope = new NDScope()) {
            float[] logits = Tensors.floats(net.predict(data.features(manager).toType(net.dataType(), false)));
            double[] scores = new double[logits.length];
            double[] y = new double[logits.length];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = logits[i];
                y[i] = data.label(i, 0);
            }
            return Stats.rocAuc(scores, y);
        }
    }

    private double[] globalImportance(Network net, NDManager manager, NDArray pool, Dataset data, long seed) {
        try (NDScope scope = new NDScope()) {
            NDArray x = data.features(manager).toType(net.dataType(), false);
            Explanation e = new Explainer(net, 8192).expectedGradients(
                    x, null, Target.index(0), ReferenceSource.sampled(pool), scale.explainReferences(), new Rng(seed ^ 0xE6L));
            return meanAbsolute(e.attributions(), e.samples(), e.features());
        }
    }

    /** {@code φ̄_j = (1/n) Σ_ℓ |φ_j^ℓ|} of row-major attributions of {@code n} samples × {@code p} features. */
    static double[] meanAbsolute(float[] attributions, int n, int p) {
        if (attributions.length != (long) n * p) {
            throw new IllegalArgumentException("expected " + n + " × " + p + " attributions, got " + attributions.length);
        }
        double[] mean = new double[p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                mean[j] += Math.abs(attributions[i * p + j]);
            }
        }
        for (int j = 0; j < p; j++) {
            mean[j] /= n;
        }
        return mean;
    }
}
