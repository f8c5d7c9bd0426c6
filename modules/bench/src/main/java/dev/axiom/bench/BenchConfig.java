package dev.axiom.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.attack.LinfBall;
import dev.axiom.attack.ProjectedAscent;
import dev.axiom.attribution.Attributions;
import dev.axiom.attribution.Baseline;
import dev.axiom.attribution.Explainer;
import dev.axiom.attribution.Quadrature;
import dev.axiom.attribution.ReferenceSource;
import dev.axiom.attribution.Target;
import dev.axiom.data.Batch;
import dev.axiom.loss.Loss;
import dev.axiom.nn.Architecture;
import dev.axiom.nn.Cnn;
import dev.axiom.nn.Mlp;
import dev.axiom.nn.Network;
import dev.axiom.nn.ResNet;
import dev.axiom.prior.Prior;
import dev.axiom.prior.Priors;
import dev.axiom.prior.graph.FeatureGraph;
import dev.axiom.robust.RobustMode;
import dev.axiom.robust.RobustTraining;
import dev.axiom.tensor.Rng;
import dev.axiom.tensor.Tensors;
import dev.axiom.train.LearningRateSchedule;
import dev.axiom.train.Objective;
import dev.axiom.train.Penalty;
import dev.axiom.train.TrainingLoop;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The configurations of the PyTorch reference ({@code eg_reference.py}), with its names, models,
 * batch sizes, optimisers, priors, weights and numbers of references. Attribution passes keep
 * dropout on, as the reference does by default ({@code attr_dropout}).
 */
public enum BenchConfig {
    /** Paper CNN, batch 50, cross-entropy, Adam 1e-4. */
    CNN_BASELINE("cnn-baseline"),
    /** + EG (k = 1, shifted batch) pixel-smoothness prior, λ = 0.01. */
    CNN_EG_PIXEL("cnn-eg-pixel"),
    /** + gradient pixel-smoothness prior, λ = 0.01, sharing the task's forward pass. */
    CNN_GRAD_PIXEL("cnn-grad-pixel"),
    /** MLP [512, 128, 32] on 118 inputs, batch 100, BCE, Adam 1e-3. */
    MLP_BASELINE("mlp-baseline"),
    /** + EG Gini prior, k = 1 reference from a background of 4096, λ = 0.1. */
    MLP_EG_GINI_K1("mlp-eg-gini-k1"),
    /** + EG Gini prior, k = 10. */
    MLP_EG_GINI_K10("mlp-eg-gini-k10"),
    /** MLP [512, 256] on 5000 inputs, batch 256, MSE, Adam 1e-4. */
    GENE_BASELINE("gene-baseline"),
    /** + EG graph prior on a random 50,000-edge graph, k = 10 from a background of 2048, λ = 1. */
    GENE_EG_GRAPH_K10("gene-eg-graph-k10"),
    /**
     * Paper CNN, batch 50, IG-NORM (Chen et al.): PGD 10 steps of 0.01 in the ℓ∞ ball ε = 0.3 with
     * a random start, IG with m = 10 in the ascent and in the loss, λ = 1.
     */
    CNN_IG_NORM("cnn-ig-norm"),
    /**
     * The peer's ResNet-8 (basic blocks 16/32/64 with batch norm, global average pooling), batch
     * 50, cross-entropy, Adam 1e-3.
     */
    RESNET_BASELINE("resnet-baseline"),
    /**
     * + EG (k = 1, shifted batch) pixel-smoothness prior, λ = 0.01, batch norm in training mode in
     * the attribution pass.
     */
    RESNET_EG_PIXEL("resnet-eg-pixel"),
    /**
     * Explaining, not training: integrated gradients of the predicted class's logit for 50 images
     * of the paper CNN in inference mode, zero baseline, 300 points of the right Riemann rule,
     * passes of at most 4,096 rows. One step is the whole explanation.
     */
    EXPLAIN_IG_300("explain-ig-300");

    private static final int FIXED_BATCHES = 8;

    private final String label;

    BenchConfig(String label) {
        this.label = label;
    }

    /** The name the reference script prints. */
    public String label() {
        return label;
    }

    /** Whether the reference gives this configuration a shorter warm-up. */
    public boolean heavy() {
        return this == GENE_EG_GRAPH_K10 || this == CNN_IG_NORM || this == EXPLAIN_IG_300;
    }

    /** Whether one step is an explanation rather than a training step. */
    public boolean explains() {
        return this == EXPLAIN_IG_300;
    }

    /** The configuration with this label. */
    public static BenchConfig ofLabel(String label) {
        for (BenchConfig c : values()) {
            if (c.label.equals(label)) {
                return c;
            }
        }
        List<String> known = new ArrayList<>();
        for (BenchConfig c : values()) {
            known.add(c.label);
        }
        throw new IllegalArgumentException("unknown bench configuration '" + label + "'; known: " + known);
    }

    /** Builds the network, the loop and eight fixed synthetic batches, all owned by the setup. */
    public BenchSetup create() {
        NDManager data = NDManager.newBaseManager();
        Rng rng = new Rng(1234);
        String family = label.substring(0, label.indexOf('-')).toLowerCase(Locale.ROOT);
        return switch (family) {
            case "cnn" -> cnn(data, rng);
            case "resnet" -> resnet(data, rng);
            case "mlp" -> mlp(data, rng);
            case "explain" -> explainIg(data, rng);
            default -> gene(data, rng);
        };
    }

    private BenchSetup cnn(NDManager data, Rng rng) {
        int b = 50;
        List<Batch> batches = images(data, rng, b);
        Objective objective = Objective.of(Loss.crossEntropy()).withAttributionDropout(true);
        if (this == CNN_EG_PIXEL) {
            objective = objective.with(Penalty.onAttributions(
                    "pixel", 0.01, Priors.pixelSmoothness(), Attributions.expectedGradients(1), Target.trueClass()));
        } else if (this == CNN_GRAD_PIXEL) {
            objective = objective.with(Penalty.onAttributions(
                    "pixel", 0.01, Priors.pixelSmoothness(), Attributions.gradients(), Target.trueClass()));
        } else if (this == CNN_IG_NORM) {
            objective = objective.withRobust(new RobustTraining(
                    RobustMode.IG_NORM, new ProjectedAscent(LinfBall.ofImages(0.3), 10, 0.01, true), 10, 10, 1.0, 0));
        }
        return setup(Cnn.paperMnist(), objective, 1e-4, b, batches, data, null);
    }

    private BenchSetup resnet(NDManager data, Rng rng) {
        int b = 50;
        List<Batch> batches = images(data, rng, b);
        Objective objective = Objective.of(Loss.crossEntropy()).withAttributionDropout(true);
        if (this == RESNET_EG_PIXEL) {
            objective = objective.with(Penalty.onAttributions(
                    "pixel", 0.01, Priors.pixelSmoothness(), Attributions.expectedGradients(1), Target.trueClass()));
        }
        return setup(ResNet.builder().setInputShape(1, 28, 28).setOutputs(10).build(), objective, 1e-3, b, batches, data, null);
    }

    private static BenchSetup explainIg(NDManager data, Rng rng) {
        Batch images = images(data, rng, 50).get(0);
        Network net = Network.create(Cnn.paperMnist(), 0);
        Explainer explainer = new Explainer(net, 4096);
        Runnable explain = () -> explainer.integratedGradients(
                images.x(), null, Target.predictedClass(), Baseline.zeros(), 300, Quadrature.RIEMANN_RIGHT);
        return new BenchSetup(net, null, List.of(images), explain, data, null);
    }

    /** Eight batches of {@code b} uniform 1×28×28 images with random labels of 10 classes. */
    private static List<Batch> images(NDManager data, Rng rng, int b) {
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < FIXED_BATCHES; i++) {
            NDArray x = Tensors.owned(data.create(rng.uniform(b * 784, 0, 1), new Shape(b, 1, 28, 28)));
            long[] y = new long[b];
            for (int j = 0; j < b; j++) {
                y[j] = rng.nextInt(10);
            }
            batches.add(Batch.of(x, Tensors.owned(data.create(y))));
        }
        return batches;
    }

    private BenchSetup mlp(NDManager data, Rng rng) {
        int b = 100;
        int p = 118;
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < FIXED_BATCHES; i++) {
            NDArray x = normal(data, rng, new Shape(b, p));
            float[] y = new float[b];
            for (int j = 0; j < b; j++) {
                y[j] = rng.nextInt(2);
            }
            batches.add(Batch.of(x, Tensors.owned(data.create(y, new Shape(b, 1)))));
        }
        Objective objective = Objective.of(Loss.binaryCrossEntropy());
        if (this != MLP_BASELINE) {
            int k = this == MLP_EG_GINI_K1 ? 1 : 10;
            NDArray background = normal(data, rng, new Shape(4096, p));
            objective = objective.with(Penalty.onAttributions(
                    "gini",
                    0.1,
                    Priors.gini(),
                    Attributions.expectedGradients(k, ReferenceSource.sampled(background)),
                    Target.regressionOutput()));
        }
        Architecture arch = Mlp.builder().setInputs(p).optHidden(512, 128, 32).setOutputs(1).build();
        return setup(arch, objective, 1e-3, b, batches, data, null);
    }

    private BenchSetup gene(NDManager data, Rng rng) {
        int b = 256;
        int p = 5000;
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < FIXED_BATCHES; i++) {
            batches.add(Batch.of(normal(data, rng, new Shape(b, p)), normal(data, rng, new Shape(b, 1))));
        }
        Objective objective = Objective.of(Loss.meanSquaredError());
        AutoCloseable extra = null;
        if (this == GENE_EG_GRAPH_K10) {
            NDArray background = normal(data, rng, new Shape(2048, p));
            var graph = Priors.graph(randomGraph(p, 50_000, rng));
            extra = graph;
            Prior prior = graph;
            objective = objective.with(Penalty.onAttributions(
                    "graph",
                    1.0,
                    prior,
                    Attributions.expectedGradients(10, ReferenceSource.sampled(background)),
                    Target.regressionOutput()));
        }
        Architecture arch = Mlp.builder().setInputs(p).optHidden(512, 256).setOutputs(1).build();
        return setup(arch, objective, 1e-4, b, batches, data, extra);
    }

    private static BenchSetup setup(
            Architecture arch,
            Objective objective,
            double rate,
            int batchSize,
            List<Batch> batches,
            NDManager data,
            AutoCloseable extra) {
        Network net = Network.create(arch, 0);
        TrainingLoop loop =
                TrainingLoop.builder(net, objective)
                        .setBatchSize(batchSize)
                        .setEpochs(1)
                        .optSchedule(LearningRateSchedule.constant(rate))
                        .optSeed(0)
                        .build();
        return new BenchSetup(net, loop, batches, null, data, extra);
    }

    private static NDArray normal(NDManager manager, Rng rng, Shape shape) {
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return Tensors.owned(manager.create(v, shape));
    }

    /** A random undirected graph with {@code edges} distinct edges and weights in (0, 1]. */
    static FeatureGraph randomGraph(int features, int edges, Rng rng) {
        Set<Long> seen = new HashSet<>();
        int[] a = new int[edges];
        int[] b = new int[edges];
        float[] w = new float[edges];
        int e = 0;
        while (e < edges) {
            int u = rng.nextInt(features);
            int v = rng.nextInt(features);
            if (u != v && seen.add((long) Math.min(u, v) * features + Math.max(u, v))) {
                a[e] = Math.min(u, v);
                b[e] = Math.max(u, v);
                w[e] = 1f - rng.nextFloat();
                e++;
            }
        }
        return new FeatureGraph(features, a, b, w);
    }
}
