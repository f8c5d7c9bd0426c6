package dev.axiom.experiment.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.axiom.attribution.AttributionMethod;
import dev.axiom.attribution.Attributions;
import dev.axiom.attribution.Explainer;
import dev.axiom.attribution.Explanation;
import dev.axiom.attribution.ReferenceSource;
import dev.axiom.attribution.Target;
import dev.axiom.data.Dataset;
import dev.axiom.loss.Loss;
import dev.axiom.nn.Mlp;
import dev.axiom.nn.Network;
import dev.axiom.prior.GraphLaplacian;
import dev.axiom.prior.Priors;
import dev.axiom.prior.graph.FeatureGraph;
import dev.axiom.run.Evaluator;
import dev.axiom.tensor.Rng;
import dev.axiom.train.Adam;
import dev.axiom.train.LearningRateSchedule;
import dev.axiom.train.Objective;
import dev.axiom.train.Penalty;
import dev.axiom.train.TrainingLoop;

/**
 * Trains one MLP on standardised expression with binary cross-entropy and, for the prior models,
 * {@code ν φ̄ᵀ L φ̄} on the batch's global importance (EG with k references drawn from the training
 * set, or plain gradients), jointly from the first step; then measures it.
 */
final class GraphTrainer {

    /** The explained scalar: the single logit. */
    static final Target LOGIT = Target.named("output-0");

    private final GraphExperiment.Scale scale;

    GraphTrainer(GraphExperiment.Scale scale) {
        this.scale = scale;
    }

    /** What one trained model scored on held-out data, and its global EG importance. */
    record Measured(double auc, double accuracy, double loss, double[] importance) {}

    /**
     * Trains on {@code train} and measures on {@code heldOut}; {@code importanceOn} (may be null to
     * skip) is explained with EG to give {@code φ̄}.
     */
    Measured trainAndMeasure(Model model, double nu, FeatureGraph graph, Dataset train, Dataset heldOut,
            Dataset importanceOn, long seed) {
        int features = train.featureCount();
        try (NDManager manager = NDManager.newBaseManager();
                Network network = Network.create(Mlp.builder().setInputs(features).optHidden(scale.hidden())
                        .setOutputs(1).build(), seed)) {
            NDArray pool = train.features(manager);
            Objective objective = Objective.of(Loss.binaryCrossEntropy());
            GraphLaplacian prior = null;
            if (model.penalised() && nu > 0) {
                prior = Priors.graph(graph);
                AttributionMethod method = model.expectedGradients()
                        ? Attributions.expectedGradients(scale.references(), ReferenceSource.sampled(pool))
                        : Attributions.gradients();
                objective = objective.with(Penalty.onAttributions("graph", nu, prior, method, LOGIT));
            }
            try (TrainingLoop loop = TrainingLoop.builder(network, objective)
                    .setBatchSize(scale.batchSize())
                    .setEpochs(scale.epochs())
                    .optOptimizer(new Adam(0.9, 0.999, 1e-8, 0))
                    .optSchedule(LearningRateSchedule.constant(scale.learningRate()))
                    .optSeed(seed)
                    .build()) {
                loop.fit(train);
            } finally {
                if (prior != null) {
                    prior.close();
                }
            }
            Loss loss = Loss.binaryCrossEntropy();
            Evaluator evaluator = new Evaluator(network, loss, 256);
            double[] scores = toDouble(evaluator.outputs(heldOut));
            double[] labels = toDouble(heldOut.labelArray());
            double heldOutLoss = evaluator.evaluate(heldOut).get("loss");
            double[] importance = null;
            if (importanceOn != null) {
                Explanation e = new Explainer(network, 4096).expectedGradients(importanceOn.features(manager), null, LOGIT,
                        ReferenceSource.sampled(pool), scale.explainReferences(), new Rng(seed ^ 0x9E3779B97F4A7C15L));
                importance = GeneImportance.meanAbsolute(e.attributions(), e.samples(), e.features());
            }
            return new Measured(dev.axiom.experiment.Stats.rocAuc(scores, labels), GeneImportance.accuracy(scores, labels),
                    heldOutLoss, importance);
        }
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
