package dev.axiom.experiment.robust;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.axiom.attack.LinfBall;
import dev.axiom.attack.PgdAttack;
import dev.axiom.attack.ProjectedAscent;
import dev.axiom.attack.TopKAttributionAttack;
import dev.axiom.attribution.Baseline;
import dev.axiom.attribution.Explainer;
import dev.axiom.attribution.Explanation;
import dev.axiom.attribution.Quadrature;
import dev.axiom.attribution.Target;
import dev.axiom.data.Dataset;
import dev.axiom.loss.Loss;
import dev.axiom.metric.Metrics;
import dev.axiom.metric.RankAgreement;
import dev.axiom.nn.Network;
import dev.axiom.run.Evaluator;
import dev.axiom.tensor.Rng;
import dev.axiom.tensor.Tensors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluation of one trained model as Chen et al. report it: natural accuracy; accuracy under
 * the PGD attack; and, on the correctly classified images, the top-k attribution attack with
 * top-k intersection, Kendall's tau and Spearman's rho between the saliency maps ({@code |IG|} of
 * the true-class logit from a zero baseline) of the original and the attacked image.
 */
final class AttackEvaluation {

    private static final int CHUNK = 50;

    private final RobustScale scale;

    AttackEvaluation(RobustScale scale) {
        this.scale = scale;
    }

    /** One attacked image: the original, the kept perturbation and both saliency maps. */
    record Attacked(int index, float[] original, float[] perturbed, double[] saliency, double[] attackedSaliency,
            boolean success) {}

    /**
     * Natural accuracy on the whole test split, and accuracy under PGD on its first
     * {@code pgdImages} images (with their natural accuracy).
     */
    Map<String, Double> accuracies(Network network, Loss loss, Dataset test, long seed) {
        Map<String, Double> v = new LinkedHashMap<>();
        int classes = Math.toIntExact(network.outputShape().get(0));
        v.put("natural_accuracy", Metrics.accuracy(outputs(network, test), classes, test.labelArray()));
        Dataset eval = test.subset(range(0, Math.min(scale.pgdImages(), test.size())));
        v.put("pgd_images", (double) eval.size());
        v.put("eval_natural_accuracy", Metrics.accuracy(outputs(network, eval), classes, eval.labelArray()));
        v.put("adversarial_accuracy", adversarialAccuracy(network, loss, eval, new Rng(seed)));
        return v;
    }

    /**
     * The attribution attack on the test images {@code indices} (correctly classified ones), one
     * entry per image: {@code iN_index}, {@code iN_topk}, {@code iN_kendall}, {@code iN_spearman},
     * {@code iN_success} for N = 0, 1, …, and {@code images}.
     */
    Map<String, Double> attackImages(Network network, Dataset test, int[] indices, Rng rng) {
        Map<String, Double> v = new LinkedHashMap<>();
        List<Attacked> attacked = attackAttributions(network, test.subset(indices), rng, Integer.MAX_VALUE);
        if (attacked.size() != indices.length) {
            throw new IllegalStateException("images " + java.util.Arrays.toString(indices) + " are not all classified correctly");
        }
        v.put("images", (double) attacked.size());
        for (int i = 0; i < attacked.size(); i++) {
            Attacked a = attacked.get(i);
            v.put("i" + i + "_index", (double) indices[a.index()]);
            v.put("i" + i + "_topk", RankAgreement.topKIntersection(a.saliency(), a.attackedSaliency(), RobustScale.TOP_K));
            v.put("i" + i + "_kendall", RankAgreement.kendallTau(a.saliency(), a.attackedSaliency()));
            v.put("i" + i + "_spearman", RankAgreement.spearmanRho(a.saliency(), a.attackedSaliency()));
            v.put("i" + i + "_success", a.success() ? 1.0 : 0.0);
        }
        return v;
    }

    /** The indices of the first {@code attackImages} test images the network classifies correctly. */
    int[] attackSet(Network network, Dataset test) {
        return correctlyClassified(network, test).stream().limit(scale.attackImages()).mapToInt(Integer::intValue).toArray();
    }

    /** The network's outputs for every image (the loss plays no part in them). */
    private static float[] outputs(Network network, Dataset data) {
        return new Evaluator(network, Loss.crossEntropy(), 500).outputs(data);
    }

    private double adversarialAccuracy(Network network, Loss loss, Dataset eval, Rng rng) {
        PgdAttack pgd = new PgdAttack(
                new ProjectedAscent(LinfBall.ofImages(RobustScale.EPSILON), scale.pgdSteps(), RobustScale.PGD_STEP, true), 1);
        int correct = 0;
        int classes = Math.toIntExact(network.outputShape().get(0));
        try (NDManager manager = NDManager.newBaseManager(network.manager().getDevice())) {
            for (int from = 0; from < eval.size(); from += CHUNK) {
                try (NDScope scope = new NDScope()) {
                    Dataset part = eval.subset(range(from, Math.min(eval.size(), from + CHUNK)));
                    NDArray adversarial = pgd.perturb(network, part.features(manager), part.labels(manager), loss, rng);
                    float[] out = Tensors.floats(network.predict(adversarial));
                    correct += Math.round(Metrics.accuracy(out, classes, part.labelArray()) * part.size());
                }
            }
        }
        return correct / (double) eval.size();
    }

    /** Indices of the images of {@code eval} the network classifies correctly. */
    static List<Integer> correctlyClassified(Network network, Dataset eval) {
        int classes = Math.toIntExact(network.outputShape().get(0));
        float[] out = outputs(network, eval);
        List<Integer> correct = new ArrayList<>();
        for (int i = 0; i < eval.size(); i++) {
            if (Metrics.argMax(out, i * classes, classes) == (int) eval.label(i, 0)) {
                correct.add(i);
            }
        }
        return correct;
    }

    /**
     * The attribution attack on the correctly classified images among {@code eval} (at most
     * {@code limit}), with the saliency maps of the originals and the kept points.
     */
    List<Attacked> attackAttributions(Network network, Dataset eval, Rng rng, int limit) {
        TopKAttributionAttack attack = new TopKAttributionAttack(
                new ProjectedAscent(LinfBall.ofImages(RobustScale.EPSILON), scale.attackSteps(), RobustScale.ATTACK_STEP, false),
                scale.attackRestarts(), RobustScale.TOP_K, scale.evalAttackIgSteps(), 1.0);
        List<Integer> all = correctlyClassified(network, eval);
        List<Integer> correct = all.subList(0, Math.min(limit, all.size()));
        List<Attacked> attacked = new ArrayList<>();
        Explainer explainer = new Explainer(network, 2000);
        try (NDManager manager = NDManager.newBaseManager(network.manager().getDevice())) {
            for (int from = 0; from < correct.size(); from += CHUNK) {
                try (NDScope scope = new NDScope()) {
                    int[] picks = correct.subList(from, Math.min(correct.size(), from + CHUNK)).stream().mapToInt(Integer::intValue).toArray();
                    Dataset part = eval.subset(picks);
                    NDArray x = part.features(manager);
                    NDArray y = part.labels(manager);
                    TopKAttributionAttack.Result result = attack.attack(network, x, y, rng);
                    NDArray perturbed = Tensors.owned(manager.create(result.perturbed(), x.getShape()));
                    double[][] before = saliency(explainer, x, y);
                    double[][] after = saliency(explainer, perturbed, y);
                    int size = part.featureCount();
                    for (int i = 0; i < picks.length; i++) {
                        float[] original = new float[size];
                        float[] kept = new float[size];
                        for (int j = 0; j < size; j++) {
                            original[j] = part.feature(i, j);
                            kept[j] = result.perturbed()[i * size + j];
                        }
                        attacked.add(new Attacked(picks[i], original, kept, before[i], after[i], result.success()[i]));
                    }
                }
            }
        }
        return attacked;
    }

    /** Per image, {@code |IG|} summed over channels ({@code evalIgSteps} points, Riemann right rule). */
    private double[][] saliency(Explainer explainer, NDArray x, NDArray y) {
        Explanation e = explainer.integratedGradients(
                x, y, Target.trueClass(), Baseline.zeros(), scale.evalIgSteps(), Quadrature.RIEMANN_RIGHT);
        Shape sample = x.getShape().slice(1);
        int channels = sample.dimension() == 3 ? Math.toIntExact(sample.get(0)) : 1;
        double[][] maps = new double[e.samples()][];
        for (int i = 0; i < e.samples(); i++) {
            float[] phi = e.row(i);
            int pixels = phi.length / channels;
            double[] map = new double[pixels];
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < pixels; p++) {
                    map[p] += Math.abs(phi[c * pixels + p]);
                }
            }
            maps[i] = map;
        }
        return maps;
    }

    /** The first {@code pgdImages} images of the test split. */
    Dataset evaluationImages(Dataset test) {
        return test.subset(range(0, Math.min(scale.pgdImages(), test.size())));
    }

    private static int[] range(int from, int to) {
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        return idx;
    }
}
