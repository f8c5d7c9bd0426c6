package dev.axiom.experiment.robust;

import dev.axiom.data.Dataset;
import dev.axiom.experiment.Experiment;
import dev.axiom.experiment.ExperimentContext;
import dev.axiom.experiment.FashionMnist;
import dev.axiom.experiment.Report;
import dev.axiom.experiment.Results;
import dev.axiom.experiment.ResumableTraining;
import dev.axiom.experiment.ShownPath;
import dev.axiom.experiment.Stats;
import dev.axiom.experiment.WorkLog;
import dev.axiom.report.AttributionPanel;
import dev.axiom.report.Charts;
import dev.axiom.run.Progress;
import dev.axiom.run.TrainedModel;
import dev.axiom.run.TrainingJob;
import dev.axiom.run.config.SettingsLoader;
import dev.axiom.tensor.Rng;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Robust attribution regularization on Fashion-MNIST (Chen et al. 2019): the paper CNN trained
 * naturally, with Madry's PGD adversarial training, with IG-NORM and with IG-SUM-NORM (ε = 0.1),
 * each evaluated by natural accuracy, accuracy under PGD, and top-k intersection, Kendall's tau
 * and Spearman's rho between saliency maps before and after the top-k attribution attack (k = 100).
 */
public final class RobustExperiment implements Experiment {

    /** The four training objectives, in the paper's order. */
    static final List<String> MODELS = List.of("natural", "madry", "ig-norm", "ig-sum-norm");

    private final RobustScale fixedScale;

    /** The experiment at the scale the options ask for. */
    public RobustExperiment() {
        this(null);
    }

    RobustExperiment(RobustScale scale) {
        this.fixedScale = scale;
    }

    @Override
    public String name() {
        return "robust";
    }

    @Override
    public String title() {
        return "Robust attribution regularization on Fashion-MNIST (Chen et al. 2019: IG-NORM, IG-SUM-NORM)";
    }

    /** The scale parameters {@code --param} takes. */
    static final List<String> PARAMETERS = List.of("epochs", "train-steps", "ig-steps", "attack-ig-steps", "pgd-images",
            "attack-images", "attack-steps", "attack-restarts", "eval-attack-ig-steps", "seeds", "full-data");

    @Override
    public List<String> parameters() {
        return PARAMETERS;
    }

    private record Model(String mode, int seed) {
        String key() {
            return mode + "-seed" + seed;
        }
    }

    /** The attacked images of every model, one array per metric, pooled over seeds. */
    private record Attacks(Map<String, Map<String, double[]>> byMode) {

        double[] values(String mode, String metric) {
            return byMode.getOrDefault(mode, Map.of()).getOrDefault(metric, new double[0]);
        }

        int images(String mode) {
            return values(mode, "topk").length;
        }
    }

    private static final List<String> IMAGE_METRICS = List.of("topk", "kendall", "spearman", "success");
    private static final int RESAMPLES = 10_000;

    @Override
    public void run(ExperimentContext context) throws Exception {
        RobustScale scale = (fixedScale != null ? fixedScale : context.quick() ? RobustScale.quick() : RobustScale.full())
                .withSeeds(context.options().seeds())
                .with(context.options().params());
        Path data = context.options().dataOr("fashion-mnist", Path.of("../shared/data/fashion-mnist"));
        if (scale.fullData()) {
            FashionMnist.requireFiles(data);
        }
        Results results = context.results();
        results.info("scale_settings", Map.ofEntries(
                Map.entry("data", scale.fullData() ? "Fashion-MNIST 60,000 + 10,000 from " + ShownPath.of(data) : "embedded Fashion-MNIST subset 2,000 + 500"),
                Map.entry("validation_fraction", scale.validationFraction()), Map.entry("epochs", scale.epochs()),
                Map.entry("epsilon", RobustScale.EPSILON), Map.entry("train_steps", scale.trainSteps()),
                Map.entry("train_step_size", scale.trainStepSize()), Map.entry("ig_steps", scale.igSteps()),
                Map.entry("attack_ig_steps", scale.attackIgSteps()), Map.entry("lambda", RobustScale.LAMBDA),
                Map.entry("beta", RobustScale.BETA), Map.entry("pgd_images", scale.pgdImages()),
                Map.entry("pgd_steps", scale.pgdSteps()), Map.entry("attack_images", scale.attackImages()),
                Map.entry("attack_steps", scale.attackSteps()), Map.entry("attack_restarts", scale.attackRestarts()),
                Map.entry("top_k", RobustScale.TOP_K), Map.entry("eval_attack_ig_steps", scale.evalAttackIgSteps()),
                Map.entry("eval_ig_steps", scale.evalIgSteps()), Map.entry("paper_attack", scale.paperAttack()),
                Map.entry("seeds", scale.seeds())));
        List<Model> models = new ArrayList<>();
        for (int seed = 0; seed < scale.seeds(); seed++) {
            for (String mode : MODELS) {
                models.add(new Model(mode, seed));
            }
        }
        int chunks = (scale.attackImages() + scale.chunk() - 1) / scale.chunk();
        Progress progress = context.progress();
        progress.start("robust experiment (trainings, then attacks in units of " + scale.chunk() + " images)",
                (long) models.size() * (1 + chunks) + 1);
        int done = 0;
        Map<String, Map<String, Double>> trained = new LinkedHashMap<>();
        try {
            for (Model m : models) {
                trained.put(m.key(), context.work().get(m.key(), () -> trainAndMeasure(context, scale, data, m)));
                progress.update(++done, m.key());
            }
            // chunk by chunk over every model, so that an unfinished run has the same images for each
            for (int c = 0; c < chunks; c++) {
                for (Model m : models) {
                    int chunk = c;
                    context.work().get(chunkKey(m, c), () -> attackChunk(context, scale, data, m, chunk, trained.get(m.key())));
                    progress.update(++done, chunkKey(m, c));
                }
            }
            context.work().get("panel", () -> {
                writePanel(context, scale, data, trained);
                return Map.of("images", (double) scale.panelImages());
            });
            progress.update(++done, "panel");
        } catch (WorkLog.OutOfTime stopped) {
            progress.close();
            summarise(context, scale, models, trained, chunks, false);
            throw stopped;
        }
        progress.close();
        summarise(context, scale, models, trained, chunks, true);
    }

    private static String chunkKey(Model m, int chunk) {
        return m.key() + "/attack-" + chunk;
    }

    /** The results, figures and report from the units done so far. */
    private void summarise(ExperimentContext context, RobustScale scale, List<Model> models,
            Map<String, Map<String, Double>> trained, int chunks, boolean finished) {
        Results results = context.results();
        Map<String, Map<String, double[]>> byMode = new LinkedHashMap<>();
        for (String mode : MODELS) {
            Map<String, List<Double>> lists = new LinkedHashMap<>();
            for (Model m : models) {
                if (!m.mode().equals(mode)) {
                    continue;
                }
                for (int c = 0; c < chunks && context.work().has(chunkKey(m, c)); c++) {
                    Map<String, Double> v = context.work().get(chunkKey(m, c), Map::of);
                    for (int i = 0; i < v.get("images"); i++) {
                        for (String metric : IMAGE_METRICS) {
                            lists.computeIfAbsent(metric, k -> new ArrayList<>()).add(v.get("i" + i + "_" + metric));
                        }
                    }
                }
            }
            Map<String, double[]> arrays = new LinkedHashMap<>();
            lists.forEach((k, l) -> arrays.put(k, l.stream().mapToDouble(Double::doubleValue).toArray()));
            byMode.put(mode, arrays);
        }
        Attacks attacks = new Attacks(byMode);
        for (String mode : MODELS) {
            for (String metric : List.of("natural_accuracy", "adversarial_accuracy", "eval_natural_accuracy", "steps")) {
                double[] values = models.stream().filter(m -> m.mode().equals(mode) && trained.containsKey(m.key()))
                        .mapToDouble(m -> trained.get(m.key()).getOrDefault(metric, Double.NaN)).toArray();
                results.put("models", mode, metric + "_mean", values.length == 0 ? Double.NaN : Stats.mean(values));
            }
            results.put("models", mode, "attacked_images", attacks.images(mode));
            for (String metric : IMAGE_METRICS) {
                double[] x = attacks.values(mode, metric);
                Stats.Interval ci = Stats.bootstrapMean(x, RESAMPLES, 77);
                results.put("models", mode, metric + "_mean", x.length == 0 ? Double.NaN : Stats.mean(x));
                results.put("models", mode, metric + "_ci_low", ci.low());
                results.put("models", mode, metric + "_ci_high", ci.high());
            }
        }
        results.paper("claims", "all", "attribution_robustness",
                "IG-NORM and IG-SUM-NORM raise top-k intersection and Kendall's tau under the top-k attribution attack "
                        + "well above natural training, at some cost in natural accuracy");
        for (String mode : List.of("ig-norm", "ig-sum-norm")) {
            for (String metric : List.of("topk", "kendall")) {
                Stats.Interval d = Stats.bootstrapDifference(attacks.values(mode, metric), attacks.values("natural", metric), RESAMPLES, 78);
                results.put("differences", mode, metric + "_ci_low", d.low());
                results.put("differences", mode, metric + "_ci_high", d.high());
            }
            results.info("claim_" + mode.replace('-', '_'), attacks.images(mode) == 0 || attacks.images("natural") == 0
                    ? "not measured yet" : verdict(results, mode));
        }
        if (attacks.images("natural") > 0) {
            writeCharts(context);
        }
        writeReport(context, scale, attacks, finished);
    }

    /** "held" if both differences' intervals lie above 0, "did not hold" if one lies below, else "not resolved". */
    private static String verdict(Results r, String mode) {
        int topk = new Stats.Interval(r.get("differences", mode, "topk_ci_low"), r.get("differences", mode, "topk_ci_high")).sign();
        int kendall = new Stats.Interval(r.get("differences", mode, "kendall_ci_low"), r.get("differences", mode, "kendall_ci_high")).sign();
        return topk > 0 && kendall > 0 ? "held" : topk < 0 || kendall < 0 ? "did not hold" : "not resolved (an interval holds 0)";
    }

    private Map<String, Double> trainAndMeasure(ExperimentContext context, RobustScale scale, Path data, Model m) {
        TrainingJob.Result trained = train(context, scale, data, m);
        try (TrainedModel model = TrainedModel.load(trained.runDirectory())) {
            Map<String, Double> v = new LinkedHashMap<>(
                    new AttackEvaluation(scale).accuracies(model.network(), model.loss(), model.data().test(), 500L + m.seed()));
            v.put("steps", (double) trained.steps());
            return v;
        }
    }

    /**
     * The trained model of {@code m}, trained again if its folder is gone (another machine, a fresh
     * clone): training is deterministic, and the natural accuracy the work log holds must come out
     * again, or the attacks of this invocation would not be of the model the logged ones were.
     */
    private TrainedModel model(ExperimentContext context, RobustScale scale, Path data, Model m, Map<String, Double> logged) {
        Path run = context.out().resolve("runs").resolve(m.key());
        boolean retrained = !java.nio.file.Files.isRegularFile(run.resolve("config.conf"))
                || new dev.axiom.run.RunDirectory(run).latestCheckpoint().isEmpty();
        if (retrained) {
            train(context, scale, data, m);
        }
        TrainedModel model = TrainedModel.load(run);
        if (!retrained) {
            return model; // the model the logged units were measured on (checked when it was trained again)
        }
        int classes = Math.toIntExact(model.network().outputShape().get(0));
        double accuracy = dev.axiom.metric.Metrics.accuracy(
                new dev.axiom.run.Evaluator(model.network(), model.loss(), 500).outputs(model.data().test()), classes,
                model.data().test().labelArray());
        if (accuracy != logged.get("natural_accuracy")) {
            model.close();
            throw new IllegalStateException(run + " has natural accuracy " + accuracy + ", but the work log's units of "
                    + m.key() + " were measured on a model with " + logged.get("natural_accuracy")
                    + " (trained again on another machine?); continue where the model was trained, or start a new --out");
        }
        return model;
    }

    private TrainingJob.Result train(ExperimentContext context, RobustScale scale, Path data, Model m) {
        List<String> settings = new ArrayList<>(List.of(
                "axiom.seed=" + (2000 + m.seed()),
                "axiom.train.epochs=" + scale.epochs(),
                "axiom.train.optimizer.learning-rate=" + scale.learningRate(),
                "axiom.train.log-every-steps=10",
                "axiom.train.checkpoint-every-steps=100",
                "axiom.train.keep-checkpoints=1",
                "axiom.data.validation-fraction=" + scale.validationFraction(),
                "axiom.prior.kind=none",
                "axiom.robust.mode=" + m.mode(),
                "axiom.robust.epsilon=" + RobustScale.EPSILON,
                "axiom.robust.steps=" + scale.trainSteps(),
                "axiom.robust.step-size=" + scale.trainStepSize(),
                "axiom.robust.random-start=true",
                "axiom.robust.ig-steps=" + scale.igSteps(),
                "axiom.robust.attack-ig-steps=" + scale.attackIgSteps(),
                "axiom.robust.lambda=" + RobustScale.LAMBDA,
                "axiom.robust.beta=" + RobustScale.BETA));
        if (scale.fullData()) {
            settings.addAll(FashionMnist.settings(data));
        }
        return ResumableTraining.run(context, m.key(), SettingsLoader.load(null, settings), List.of("experiment", "robust", m.key()));
    }

    /** The attribution attack on chunk {@code c} of the model's attack set (its first correctly classified test images). */
    private Map<String, Double> attackChunk(ExperimentContext context, RobustScale scale, Path data, Model m, int c,
            Map<String, Double> logged) {
        try (TrainedModel model = model(context, scale, data, m, logged)) {
            AttackEvaluation evaluation = new AttackEvaluation(scale);
            int[] set = evaluation.attackSet(model.network(), model.data().test());
            int from = Math.min(set.length, c * scale.chunk());
            int to = Math.min(set.length, from + scale.chunk());
            int[] indices = java.util.Arrays.copyOfRange(set, from, to);
            if (indices.length == 0) {
                return Map.of("images", 0.0);
            }
            return evaluation.attackImages(model.network(), model.data().test(), indices, new Rng(1_000L * (m.seed() + 1) + c));
        }
    }

    /** Bar charts of the mean top-k intersection and Kendall's tau after the attack. */
    private static void writeCharts(ExperimentContext context) {
        Results r = context.results();
        Map<String, Double> intersection = new LinkedHashMap<>();
        Map<String, Double> kendall = new LinkedHashMap<>();
        for (String mode : MODELS) {
            intersection.put(mode, r.get("models", mode, "topk_mean"));
            kendall.put(mode, r.get("models", mode, "kendall_mean"));
        }
        Charts.bars(context.figures().resolve("topk-intersection.png"), "Top-100 intersection after the attribution attack",
                "mean over attacked images", intersection);
        Charts.bars(context.figures().resolve("kendall.png"), "Kendall's tau after the attribution attack",
                "mean over attacked images", kendall);
    }

    /** Saliency before and after the attack for the first panel images, every model (seed 0). */
    private void writePanel(ExperimentContext context, RobustScale scale, Path data, Map<String, Map<String, Double>> trained) {
        // the same test images for every model: the first ones all of them classify correctly
        java.util.Set<Integer> common = null;
        for (String mode : MODELS) {
            Model m = new Model(mode, 0);
            try (TrainedModel model = model(context, scale, data, m, trained.get(m.key()))) {
                java.util.Set<Integer> correct = new java.util.LinkedHashSet<>(
                        AttackEvaluation.correctlyClassified(model.network(), new AttackEvaluation(scale).evaluationImages(model.data().test())));
                if (common == null) {
                    common = correct;
                } else {
                    common.retainAll(correct);
                }
            }
        }
        int[] picks = common.stream().limit(scale.panelImages()).mapToInt(Integer::intValue).toArray();
        List<String> columns = new ArrayList<>();
        List<List<AttackEvaluation.Attacked>> perModel = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (String mode : MODELS) {
            Model m = new Model(mode, 0);
            try (TrainedModel model = model(context, scale, data, m, trained.get(m.key()))) {
                Dataset images = new AttackEvaluation(scale).evaluationImages(model.data().test()).subset(picks);
                for (int i = 0; labels.size() < picks.length; i++) {
                    labels.add(rowLabel(picks[i], (int) images.label(i, 0), model.data().classNames()));
                }
                perModel.add(new AttackEvaluation(scale).attackAttributions(model.network(), images, new Rng(501), picks.length));
                columns.add(mode.replace("ig-sum-norm", "ig-sum") + ": before");
                columns.add(mode.replace("ig-sum-norm", "ig-sum") + ": after");
            }
        }
        List<AttributionPanel.Row> rows = new ArrayList<>();
        for (int i = 0; i < picks.length; i++) {
            List<float[]> maps = new ArrayList<>();
            float[] image = perModel.get(0).get(i).original();
            for (List<AttackEvaluation.Attacked> attacked : perModel) {
                AttackEvaluation.Attacked a = attacked.get(i);
                maps.add(normalised(a.saliency()));
                maps.add(normalised(a.attackedSaliency()));
            }
            rows.add(new AttributionPanel.Row(labels.get(i), image, maps));
        }
        if (!rows.isEmpty()) {
            AttributionPanel.write(context.figures().resolve("attacks.png"), 28, 28, columns, rows);
        }
    }


    private static String rowLabel(int index, int label, List<String> classNames) {
        return "#" + index + " " + (label < classNames.size() ? classNames.get(label) : "class " + label);
    }

    /** A saliency map scaled to mean 1 (the paper's 784-normalisation), as floats. */
    private static float[] normalised(double[] saliency) {
        double sum = 0;
        for (double s : saliency) {
            sum += s;
        }
        float[] out = new float[saliency.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (sum == 0 ? 0 : saliency[i] * saliency.length / sum);
        }
        return out;
    }

    private void writeReport(ExperimentContext context, RobustScale scale, Attacks attacks, boolean finished) {
        Results r = context.results();
        Report report = context.report();
        report.text(String.format(Locale.ROOT, "Data: %s. The paper CNN (conv 5×5×32, max-pool, conv 5×5×64, max-pool, "
                        + "dense 1024, dropout 0.5, dense 10), Adam (learning rate %s, decay 0.95 per epoch), batch 50, %d epoch(s), "
                        + "%d seed(s). Objectives (SPEC §1.3), ε = %s in ℓ∞ with pixels in [0, 1]: **natural** (cross-entropy), "
                        + "**madry** (cross-entropy at the PGD maximiser), **ig-norm** (cross-entropy + λ max ‖IG^ℓ(x, x')‖₁, λ = %s), "
                        + "**ig-sum-norm** (max of cross-entropy(x') + β ‖IG^ℓ(x, x')‖₁, β = %s). Inner maximisation: %d sign-gradient "
                        + "steps of %s from a random start; IG of the loss with m = %d points in the loss and %d in the ascent.",
                scale.fullData() ? "Fashion-MNIST, 60,000 training (5 % held out) and 10,000 test images"
                        : String.format(Locale.ROOT, "the embedded Fashion-MNIST subset, 2,000 training images (%.0f %% held out for validation) and 500 test images",
                                scale.validationFraction() * 100),
                scale.learningRate(), scale.epochs(), scale.seeds(), RobustScale.EPSILON, RobustScale.LAMBDA, RobustScale.BETA,
                scale.trainSteps(), scale.trainStepSize(), scale.igSteps(), scale.attackIgSteps()));
        report.text(String.format(Locale.ROOT, "Evaluation: **adversarial accuracy** under PGD on the first %d test images; the "
                        + "**top-k attribution attack** (Ghorbani et al.) on each model's first %d correctly classified test images: "
                        + "sign steps descending the share of saliency on the original top-k pixels, computed on a softplus copy "
                        + "of the network; an iterate that changes the predicted label is never kept; the label-preserving iterate "
                        + "with the lowest Kendall's tau is. Saliency: |IG| of the true-class logit from a zero baseline. **Top-k "
                        + "intersection**, **Kendall's tau** and **Spearman's rho** compare the saliency of the original and the kept "
                        + "image (an image where no label-preserving iterate moved the top-k set counts as unchanged). Intervals are "
                        + "95 %% percentile-bootstrap intervals over the attacked images (%,d resamples).",
                scale.pgdImages(), scale.attackImages(), RESAMPLES));
        report.heading(2, "The attack beside the paper's");
        report.text("Chen et al.'s settings are read from their published code (`jfc43/robust-attribution-regularization`, "
                + "`Fashion-MNIST/config.json`, `IG-NORM-config.json`, `eval_attribution_attack.py`, `model.py`, and the "
                + "attack class `ig_attack.py`, read from the stored public sources). Their Fashion-MNIST configuration "
                + "attacks and scores the same k = 100 (`k_top` = `eval_k_top` = 100).");
        report.table(List.of("setting", "Chen et al.'s code", "this run"), List.of(
                List.of("PGD", "20 steps of 0.01, random start, ε = 0.1", scale.pgdSteps() + " steps of " + RobustScale.PGD_STEP
                        + ", random start, ε = " + RobustScale.EPSILON + ", on " + scale.pgdImages() + " images"),
                List.of("top-k attack: k attacked / k scored", "100 / 100", RobustScale.TOP_K + " / " + RobustScale.TOP_K),
                List.of("attack steps", "100 of 0.01", scale.attackSteps() + " of " + RobustScale.ATTACK_STEP),
                List.of("attack runs per image", "3, each from x (the top-k attack has no randomness, so they repeat one another)",
                        scale.attackRestarts() + (scale.attackRestarts() > 1 ? ", the first from x, the others from random points of the ball" : ", from x")),
                List.of("iterate kept", "lowest Kendall's tau with the label kept, worst run by Kendall's tau",
                        "the same (and the top-k set must have moved)"),
                List.of("IG points inside the attack", "100 (right Riemann sum)", scale.evalAttackIgSteps() + " (right Riemann sum)"),
                List.of("IG points of the scored maps", "100", Integer.toString(scale.evalIgSteps())),
                List.of("images attacked", "the correctly classified among the first `num_eval_examples` test images",
                        "the first " + scale.attackImages() + " correctly classified test images")));
        report.text(scale.paperAttack() ? "The attack runs at the strength of the paper's code."
                : "This scale's attack is weaker than the paper's code (the full scale runs it at the paper's strength).");
        report.heading(2, "Results (the paper's layout)");
        List<List<String>> rows = new ArrayList<>();
        for (String mode : MODELS) {
            rows.add(List.of(mode,
                    Report.number(r.get("models", mode, "natural_accuracy_mean"), 3),
                    Report.number(r.get("models", mode, "adversarial_accuracy_mean"), 3),
                    Integer.toString(attacks.images(mode)),
                    interval(r, mode, "topk"), interval(r, mode, "kendall"), interval(r, mode, "spearman"),
                    Report.number(r.get("models", mode, "success_mean"), 2)));
        }
        report.table(List.of("model", "natural accuracy", "adversarial accuracy (PGD)", "attacked images", "top-k intersection",
                "Kendall's tau", "Spearman's rho", "attack success"), rows);
        report.text("Natural accuracy is on the whole test split, adversarial accuracy on the PGD images; the attribution "
                + "columns are means over the attacked images with their 95 % bootstrap interval"
                + (scale.seeds() > 1 ? ", pooled over the seeds." : "."));
        if (attacks.images("natural") > 0) {
            report.figure("top-k intersection", "figures/topk-intersection.png");
            report.figure("Kendall's tau", "figures/kendall.png");
        }
        report.heading(2, "The paper's claim, here");
        List<List<String>> claims = new ArrayList<>();
        for (String mode : List.of("ig-norm", "ig-sum-norm")) {
            double dk = r.get("models", mode, "kendall_mean") - r.get("models", "natural", "kendall_mean");
            double di = r.get("models", mode, "topk_mean") - r.get("models", "natural", "topk_mean");
            double da = r.get("models", mode, "natural_accuracy_mean") - r.get("models", "natural", "natural_accuracy_mean");
            claims.add(List.of(mode, String.valueOf(r.infoValue("claim_" + mode.replace('-', '_'))),
                    Report.interval(di, r.get("differences", mode, "topk_ci_low"), r.get("differences", mode, "topk_ci_high"), 3, true),
                    Report.interval(dk, r.get("differences", mode, "kendall_ci_low"), r.get("differences", mode, "kendall_ci_high"), 3, true),
                    Report.signed(da, 3)));
        }
        report.table(List.of("model", "raises top-k intersection and Kendall's tau over natural training",
                "top-k intersection − natural [95 % interval]", "Kendall's tau − natural [95 % interval]", "natural accuracy − natural"), claims);
        report.text("A claim **held** when both differences' bootstrap intervals lie above 0, **did not hold** when one lies "
                + "below 0, and is **not resolved** when an interval holds 0 (more images would tell). The paper's Fashion-MNIST "
                + "table could not be found in the sources available here, so no paper numbers are printed beside ours; the "
                + "claim checked is the qualitative one (SPEC §5).");
        if (java.nio.file.Files.isRegularFile(context.figures().resolve("attacks.png"))) {
            report.heading(2, "Saliency before and after the attack");
            report.text("Saliency (|IG|, scaled to mean 1) of the same test images under each model (seed 0), before and after "
                    + "that model's attack; one colour scale per row.");
            report.figure("attacks", "figures/attacks.png");
        }
        report.heading(2, "Training beside the paper's");
        List<List<String>> training = new ArrayList<>();
        for (String mode : MODELS) {
            training.add(List.of(mode, mode.equals("natural") ? "25,000" : "100,000",
                    Report.number(r.get("models", mode, "steps_mean"), 0), Report.number(r.get("models", mode, "natural_accuracy_mean"), 3)));
        }
        report.table(List.of("model", "the paper's steps (batch 50)", "steps here (batch 50)", "natural accuracy here"), training);
        report.heading(2, "What was scaled down");
        report.text(String.format(Locale.ROOT, "The paper trains Fashion-MNIST models for 25,000 (natural) and 100,000 steps "
                        + "(robust) of batch 50, with 20 PGD steps of 0.01 and m = 50 (approximated with 10) in training. This run "
                        + "(scale '%s'): %s, %d epoch(s), %d ascent step(s) of %s, m = %d / %d, %d seed(s); evaluation %s.%s",
                scale.name(), scale.fullData() ? "the full data set" : "the embedded 2,000-image subset",
                scale.epochs(), scale.trainSteps(), scale.trainStepSize(), scale.igSteps(), scale.attackIgSteps(), scale.seeds(),
                scale.paperAttack() ? "at the paper code's strength on " + scale.attackImages() + " correctly classified images per model"
                        : "with the weaker attack in the table above",
                context.options().params().isEmpty() ? "" : " Changed on the command line: " + context.options().params() + "."));
        if (!finished) {
            report.text(String.format(Locale.ROOT, "**How far it got**: the attacks of %s of the %d images per model are done "
                            + "(the intervals above are over these).",
                    MODELS.stream().map(mode -> mode + " " + attacks.images(mode)).collect(java.util.stream.Collectors.joining(", ")),
                    scale.attackImages() * scale.seeds()));
        }
    }

    private static String interval(Results r, String mode, String metric) {
        return Report.interval(r.get("models", mode, metric + "_mean"),
                r.get("models", mode, metric + "_ci_low"), r.get("models", mode, metric + "_ci_high"), 3, false);
    }
}
