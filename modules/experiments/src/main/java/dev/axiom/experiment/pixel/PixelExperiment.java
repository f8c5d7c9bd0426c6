package dev.axiom.experiment.pixel;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.axiom.attribution.Explainer;
import dev.axiom.attribution.Explanation;
import dev.axiom.attribution.ReferenceSource;
import dev.axiom.attribution.Target;
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
import dev.axiom.run.Evaluator;
import dev.axiom.run.Progress;
import dev.axiom.run.TrainedModel;
import dev.axiom.run.config.SettingsLoader;
import dev.axiom.tensor.Rng;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pixel-smoothness prior on Fashion-MNIST (the paper's MNIST experiment): the paper CNN
 * trained without a prior, with the prior on expected gradients, and with it on plain gradients.
 * λ is chosen for each prior as the paper does — the smoothest EG maps (lowest total variation)
 * among the λ of a log grid whose clean test accuracy is within 1 % (and, separately, 10 %) of the
 * baseline's — and the chosen models are retrained with further seeds. Reported: clean accuracy,
 * total variation of EG maps, accuracy under additive Gaussian noise, and a panel of maps.
 */
public final class PixelExperiment implements Experiment {

    /** The paper's MNIST clean accuracies (λ = 0.01 for both priors); MNIST, not Fashion-MNIST. */
    private static final Map<String, Double> PAPER_ACCURACY = Map.of("baseline", 0.9925, "eg-pixel", 0.9836, "grad-pixel", 0.9888);
    private static final List<String> PRIORS = List.of("eg-pixel", "grad-pixel");
    private static final List<Double> THRESHOLDS = List.of(0.01, 0.10);

    private final PixelScale fixedScale;

    /** The experiment at the scale the options ask for. */
    public PixelExperiment() {
        this(null);
    }

    PixelExperiment(PixelScale scale) {
        this.fixedScale = scale;
    }

    @Override
    public String name() {
        return "pixel";
    }

    @Override
    public List<String> parameters() {
        return List.of("epochs", "lambdas", "seeds", "tv-images", "references");
    }

    @Override
    public String title() {
        return "Pixel-smoothness prior on Fashion-MNIST (Erion et al., image experiment)";
    }

    /** One trained model: which, at which λ and seed. */
    private record Model(String kind, double lambda, int seed) {
        String key() {
            return String.format(Locale.ROOT, "%s-lambda%s-seed%d", kind, lambda == 0 ? "0" : Double.toString(lambda), seed);
        }
    }

    @Override
    public void run(ExperimentContext context) throws Exception {
        PixelScale scale = (fixedScale != null ? fixedScale : context.quick() ? PixelScale.quick() : PixelScale.full())
                .withSeeds(context.options().seeds())
                .with(context.options().params());
        Path data = context.options().dataOr("fashion-mnist", Path.of("../shared/data/fashion-mnist"));
        if (scale.fullData()) {
            FashionMnist.requireFiles(data);
        }
        Results results = context.results();
        results.info("scale_settings", Map.of("epochs", scale.epochs(), "lambdas", scale.lambdas(), "seeds", scale.seeds(),
                "tv_images", scale.tvImages(), "references", scale.references(), "sigmas", scale.sigmas(),
                "data", scale.fullData() ? "Fashion-MNIST 60,000 + 10,000 from " + ShownPath.of(data) : "embedded Fashion-MNIST subset 2,000 + 500"));
        int total = 1 + PRIORS.size() * scale.lambdas().size() + (scale.seeds() - 1) * (1 + PRIORS.size() * THRESHOLDS.size());
        Progress progress = context.progress();
        progress.start("pixel experiment (trainings)", total);
        int[] done = {0};
        Map<String, Map<String, Double>> measured = new LinkedHashMap<>();
        java.util.function.Function<Model, Map<String, Double>> train = m -> {
            Map<String, Double> v;
            try {
                v = context.work().get(m.key(), () -> trainAndMeasure(context, scale, data, m));
            } catch (WorkLog.OutOfTime stopped) {
                writeTrainingsSoFar(context.report(), scale, measured);
                throw stopped;
            }
            measured.put(m.key(), v);
            progress.update(++done[0], m.key());
            return v;
        };

        // λ selection on seed 0.
        Model baseline = new Model("baseline", 0, 0);
        double baseAccuracy = train.apply(baseline).get("accuracy");
        Map<String, Map<Double, Map<String, Double>>> grid = new LinkedHashMap<>();
        for (String prior : PRIORS) {
            for (double lambda : scale.lambdas()) {
                Map<String, Double> v = train.apply(new Model(prior, lambda, 0));
                grid.computeIfAbsent(prior, k -> new LinkedHashMap<>()).put(lambda, v);
                results.put("grid", prior + " λ=" + lambda, "accuracy", v.get("accuracy"));
                results.put("grid", prior + " λ=" + lambda, "tv", v.get("tv"));
            }
        }
        results.put("grid", "baseline", "accuracy", baseAccuracy);
        results.put("grid", "baseline", "tv", measured.get(baseline.key()).get("tv"));
        Map<String, Model> finals = new LinkedHashMap<>();
        finals.put("baseline", baseline);
        List<String> selectionNotes = new ArrayList<>();
        for (String prior : PRIORS) {
            for (double threshold : THRESHOLDS) {
                double chosen = choose(grid.get(prior), baseAccuracy, threshold, selectionNotes, prior);
                finals.put(prior + " (" + Math.round(threshold * 100) + " %)", new Model(prior, chosen, 0));
            }
        }
        // Further seeds for the chosen models.
        Map<String, List<Map<String, Double>>> bySeed = new LinkedHashMap<>();
        for (Map.Entry<String, Model> f : finals.entrySet()) {
            List<Map<String, Double>> runs = new ArrayList<>();
            for (int seed = 0; seed < scale.seeds(); seed++) {
                Model m = new Model(f.getValue().kind(), f.getValue().lambda(), seed);
                runs.add(measured.containsKey(m.key()) ? measured.get(m.key()) : train.apply(m));
            }
            bySeed.put(f.getKey(), runs);
        }
        progress.close();

        for (Map.Entry<String, List<Map<String, Double>>> e : bySeed.entrySet()) {
            String model = e.getKey();
            results.put("models", model, "lambda", finals.get(model).lambda());
            for (String metric : metricNames(scale)) {
                double[] values = e.getValue().stream().mapToDouble(v -> v.get(metric)).toArray();
                results.put("models", model, metric + "_mean", Stats.mean(values));
                results.put("models", model, metric + "_sd", values.length > 1 ? Stats.sd(values) : 0);
            }
        }
        PAPER_ACCURACY.forEach((m, a) -> results.paper("models", m, "clean_accuracy_mnist", a));
        results.paper("claims", "all", "smoothness", "EG pixel prior: lower TV of EG maps than the baseline and than the gradient prior");
        results.paper("claims", "all", "noise", "EG pixel prior: higher accuracy under additive Gaussian noise than the baseline and the gradient prior");
        writeFigures(context, scale, finals, grid, baseAccuracy, measured.get(baseline.key()).get("tv"));
        writeReport(context, scale, finals, grid, baseAccuracy, selectionNotes);
    }

    /** An unfinished run's report: the trainings done so far, with what each measured, as the work log holds them. */
    private static void writeTrainingsSoFar(Report report, PixelScale scale, Map<String, Map<String, Double>> measured) {
        report.heading(2, "Trainings done so far");
        if (measured.isEmpty()) {
            report.text("None yet.");
            return;
        }
        List<String> header = new ArrayList<>(List.of("training", "test accuracy", "TV of EG maps"));
        scale.sigmas().stream().filter(sigma -> sigma > 0)
                .forEach(sigma -> header.add(String.format(Locale.ROOT, "accuracy, noise σ = %.1f", sigma)));
        List<List<String>> rows = new ArrayList<>();
        measured.forEach((key, v) -> {
            List<String> row = new ArrayList<>(List.of(key, Report.number(v.get("accuracy"), 3), Report.number(v.get("tv"), 3)));
            scale.sigmas().stream().filter(sigma -> sigma > 0)
                    .forEach(sigma -> row.add(Report.number(v.getOrDefault(noiseKey(sigma), Double.NaN), 3)));
            rows.add(row);
        });
        report.table(header, rows);
        report.text("One seed each so far; the λ choice and the comparisons over seeds follow when every training is done.");
    }

    private static List<String> metricNames(PixelScale scale) {
        List<String> names = new ArrayList<>(List.of("accuracy", "tv"));
        for (double s : scale.sigmas()) {
            names.add(noiseKey(s));
        }
        return names;
    }

    private static String noiseKey(double sigma) {
        return String.format(Locale.ROOT, "accuracy_noise_%.2f", sigma);
    }

    /** Mean and sd over seeds of {@code metric} for {@code model}. */
    private static Verdict.Spread spread(Results r, String model, String metric) {
        return new Verdict.Spread(r.get("models", model, metric + "_mean"), r.get("models", model, metric + "_sd"));
    }

    /** {@code metric} of {@code model} as "mean ± sd" over seeds. */
    private static String meanSd(Results r, String model, String metric) {
        return Report.plusMinus(r.get("models", model, metric + "_mean"), r.get("models", model, metric + "_sd"), 3);
    }

    private static String comparison(String what, Results r, String eg, String grad, String metric) {
        return String.format(Locale.ROOT, "%s %s vs %s (baseline), %s (grad)", what,
                meanSd(r, eg, metric), meanSd(r, "baseline", metric), meanSd(r, grad, metric));
    }

    /** The λ with the lowest TV among those within {@code threshold} (relative) of the baseline's accuracy. */
    private static double choose(Map<Double, Map<String, Double>> grid, double baseAccuracy, double threshold, List<String> notes, String prior) {
        double floor = baseAccuracy * (1 - threshold);
        return grid.entrySet().stream()
                .filter(e -> e.getValue().get("accuracy") >= floor)
                .min(Comparator.comparingDouble(e -> e.getValue().get("tv")))
                .map(Map.Entry::getKey)
                .orElseGet(() -> {
                    double best = grid.entrySet().stream().max(Comparator.comparingDouble(e -> e.getValue().get("accuracy"))).orElseThrow().getKey();
                    notes.add(String.format(Locale.ROOT, "%s: no λ kept accuracy within %.0f %% of the baseline; the most accurate (λ = %s) is used.",
                            prior, threshold * 100, best));
                    return best;
                });
    }

    private Map<String, Double> trainAndMeasure(ExperimentContext context, PixelScale scale, Path data, Model m) {
        List<String> settings = new ArrayList<>(List.of(
                "axiom.seed=" + (1000 + m.seed()),
                "axiom.train.epochs=" + scale.epochs(),
                "axiom.train.log-every-steps=100",
                "axiom.train.checkpoint-every-steps=500",
                "axiom.train.keep-checkpoints=1",
                "axiom.prior.kind=" + (m.kind().equals("baseline") ? "none" : "pixel-smoothness"),
                "axiom.prior.weight=" + m.lambda(),
                "axiom.attribution.method=" + (m.kind().equals("grad-pixel") ? "grad" : "eg")));
        if (scale.fullData()) {
            settings.addAll(FashionMnist.settings(data));
            settings.addAll(List.of(
                    "axiom.data.validation-fraction=0.05",
                    "axiom.train.optimizer.learning-rate=0.0001"));
        }
        Path run = ResumableTraining.run(context, m.key(), SettingsLoader.load(null, settings), List.of("experiment", "pixel", m.key()))
                .runDirectory();
        try (TrainedModel model = TrainedModel.load(run)) {
            return measure(model, scale, m.seed());
        }
    }

    /** Clean accuracy, accuracy under noise (the same noise for every model) and the mean TV of EG maps. */
    static Map<String, Double> measure(TrainedModel model, PixelScale scale, int seed) {
        Dataset test = model.data().test();
        Evaluator evaluator = new Evaluator(model.network(), model.loss(), 500);
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("accuracy", accuracy(evaluator.outputs(test), test));
        for (double sigma : scale.sigmas()) {
            v.put(noiseKey(sigma), sigma == 0 ? v.get("accuracy") : accuracy(evaluator.outputs(noisy(test, sigma)), test));
        }
        Dataset images = test.subset(firstIndices(Math.min(scale.tvImages(), test.size())));
        Explanation e = explain(model, images, scale.references(), seed);
        int h = Math.toIntExact(images.sampleShape().get(1));
        int w = Math.toIntExact(images.sampleShape().get(2));
        double tv = 0;
        for (int i = 0; i < e.samples(); i++) {
            tv += Smoothness.normalisedTotalVariation(e.row(i), h, w);
        }
        v.put("tv", tv / e.samples());
        return v;
    }

    static Explanation explain(TrainedModel model, Dataset images, int references, int seed) {
        try (NDManager manager = NDManager.newBaseManager(model.network().manager().getDevice())) {
            NDArray x = images.features(manager);
            NDArray y = images.labels(manager);
            NDArray pool = model.data().train().features(manager);
            return new Explainer(model.network(), 4096).expectedGradients(
                    x, y, Target.named("true-class"), ReferenceSource.sampled(pool), references, new Rng(7 + seed));
        }
    }

    private static int[] firstIndices(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return idx;
    }

    /** {@code data} with N(0, σ²) noise added to every pixel, clipped to [0, 1]; the noise depends only on σ. */
    static Dataset noisy(Dataset data, double sigma) {
        float[] x = data.featureArray().clone();
        Rng rng = new Rng(Double.doubleToLongBits(sigma));
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.min(1, Math.max(0, x[i] + sigma * rng.nextGaussian()));
        }
        return data.withFeatures(x);
    }

    static double accuracy(float[] outputs, Dataset data) {
        int k = outputs.length / data.size();
        int correct = 0;
        for (int i = 0; i < data.size(); i++) {
            int best = 0;
            for (int j = 1; j < k; j++) {
                if (outputs[i * k + j] > outputs[i * k + best]) {
                    best = j;
                }
            }
            if (best == (int) data.label(i, 0)) {
                correct++;
            }
        }
        return correct / (double) data.size();
    }

    private void writeFigures(ExperimentContext context, PixelScale scale, Map<String, Model> finals,
            Map<String, Map<Double, Map<String, Double>>> grid, double baseAccuracy, double baseTv) {
        Results r = context.results();
        List<Charts.Series> noise = new ArrayList<>();
        for (String model : finals.keySet()) {
            List<Double> y = new ArrayList<>();
            for (double s : scale.sigmas()) {
                y.add(r.get("models", model, noiseKey(s) + "_mean"));
            }
            noise.add(new Charts.Series(model, scale.sigmas(), y));
        }
        Charts.lines(context.figures().resolve("noise.png"), "Accuracy under additive Gaussian noise (mean over seeds)",
                "noise σ (pixels in [0, 1])", "test accuracy", noise, false);
        List<Charts.Series> tradeoff = new ArrayList<>();
        for (String prior : PRIORS) {
            List<Double> xs = new ArrayList<>(grid.get(prior).keySet());
            tradeoff.add(new Charts.Series(prior + ": accuracy", xs, xs.stream().map(l -> grid.get(prior).get(l).get("accuracy")).toList()));
            tradeoff.add(new Charts.Series(prior + ": TV / baseline TV", xs, xs.stream().map(l -> grid.get(prior).get(l).get("tv") / baseTv).toList()));
        }
        Charts.lines(context.figures().resolve("lambda-grid.png"), "λ grid (seed 0): accuracy and relative TV of EG maps "
                + String.format(Locale.ROOT, "(baseline accuracy %.3f)", baseAccuracy), "λ", "value", tradeoff, false);
        panel(context, scale, finals);
    }

    private void panel(ExperimentContext context, PixelScale scale, Map<String, Model> finals) {
        List<String> columns = new ArrayList<>();
        List<List<float[]>> maps = new ArrayList<>();
        Dataset images = null;
        List<String> labels = new ArrayList<>();
        for (Map.Entry<String, Model> f : finals.entrySet()) {
            try (TrainedModel model = TrainedModel.load(context.out().resolve("runs").resolve(f.getValue().key()))) {
                Dataset test = model.data().test();
                if (images == null) {
                    images = test.subset(spread(test, scale.panelImages()));
                    for (int i = 0; i < images.size(); i++) {
                        int label = (int) images.label(i, 0);
                        List<String> names = model.data().classNames();
                        labels.add(label < names.size() ? names.get(label) : "class " + label);
                    }
                }
                Explanation e = explain(model, images, scale.references(), 0);
                List<float[]> column = new ArrayList<>();
                for (int i = 0; i < e.samples(); i++) {
                    column.add(e.row(i));
                }
                maps.add(column);
                columns.add(f.getKey());
            }
        }
        List<AttributionPanel.Row> rows = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            float[] image = new float[images.featureCount()];
            for (int j = 0; j < image.length; j++) {
                image[j] = images.feature(i, j);
            }
            List<float[]> row = new ArrayList<>();
            for (List<float[]> column : maps) {
                row.add(column.get(i));
            }
            rows.add(new AttributionPanel.Row(labels.get(i), image, row));
        }
        AttributionPanel.write(context.figures().resolve("attributions.png"), 28, 28, columns, rows);
    }

    /** One test image of each class in turn, deterministically. */
    private static int[] spread(Dataset test, int n) {
        int[] picks = new int[Math.min(n, test.size())];
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        int k = 0;
        for (int i = 0; i < test.size() && k < picks.length; i++) {
            if (seen.add((int) test.label(i, 0))) {
                picks[k++] = i;
            }
        }
        return picks;
    }

    private void writeReport(ExperimentContext context, PixelScale scale, Map<String, Model> finals,
            Map<String, Map<Double, Map<String, Double>>> grid, double baseAccuracy, List<String> selectionNotes) {
        Results r = context.results();
        Report report = context.report();
        report.text(String.format(Locale.ROOT, "Data: %s. The paper CNN (conv 5×5×32, max-pool, conv 5×5×64, max-pool, dense 1024, "
                + "dropout 0.5, dense 10), Adam, batch 50, learning-rate decay 0.95 per epoch, k = 1 EG reference per "
                + "sample in training (shifted batch), %d epochs per training. Models: no prior (baseline), the pixel-smoothness "
                + "prior on expected gradients (eg-pixel) and on plain input gradients (grad-pixel). λ from the grid %s, "
                + "chosen on seed 0 as in the paper: the lowest total variation of EG maps among the λ whose clean test "
                + "accuracy is at least 99 %% (\"1 %%\") or 90 %% (\"10 %%\") of the baseline's; the chosen models are then "
                + "trained with %d seed(s) in all (mean ± sd below).",
                scale.fullData() ? "Fashion-MNIST, 60,000 training (5 % held out for validation) and 10,000 test images"
                        : "the embedded Fashion-MNIST subset, 2,000 training (10 % held out) and 500 test images",
                scale.epochs(), scale.lambdas(), scale.seeds()));
        report.text("Measures: clean test accuracy; **TV** — the total variation of each EG map (true class, "
                + scale.references() + " references from the training split) after scaling the map to unit L1 norm, "
                + "averaged over the first " + scale.tvImages() + " test images (lower is smoother); accuracy with N(0, σ²) "
                + "noise added to every pixel (clipped to [0, 1]; the same noise for every model).");
        report.heading(2, "Chosen models");
        List<String> header = new ArrayList<>(List.of("model", "λ", "clean accuracy", "paper (MNIST)", "TV of EG maps"));
        for (double s : scale.sigmas()) {
            if (s > 0) {
                header.add("acc. σ=" + s);
            }
        }
        List<List<String>> rows = new ArrayList<>();
        for (String model : finals.keySet()) {
            String kind = finals.get(model).kind();
            List<String> row = new ArrayList<>(List.of(model, model.equals("baseline") ? "–" : String.valueOf(finals.get(model).lambda()),
                    meanSd(r, model, "accuracy"),
                    PAPER_ACCURACY.containsKey(kind) ? String.valueOf(PAPER_ACCURACY.get(kind)) : "–",
                    meanSd(r, model, "tv")));
            for (double s : scale.sigmas()) {
                if (s > 0) {
                    row.add(meanSd(r, model, noiseKey(s)));
                }
            }
            rows.add(row);
        }
        report.table(header, rows);
        selectionNotes.forEach(report::text);
        report.figure("accuracy under noise", "figures/noise.png");
        report.heading(2, "The paper's claims, here");
        double highSigma = scale.sigmas().get(scale.sigmas().size() - 1);
        List<List<String>> claims = new ArrayList<>();
        for (double threshold : THRESHOLDS) {
            String eg = "eg-pixel (" + Math.round(threshold * 100) + " %)";
            String grad = "grad-pixel (" + Math.round(threshold * 100) + " %)";
            String noise = noiseKey(highSigma);
            Verdict smoother = Verdict.of(false, scale.seeds(), spread(r, eg, "tv"), spread(r, "baseline", "tv"), spread(r, grad, "tv"));
            Verdict robust = Verdict.of(true, scale.seeds(), spread(r, eg, noise), spread(r, "baseline", noise), spread(r, grad, noise));
            r.info("claim_smoother_" + Math.round(threshold * 100) + "pct", smoother.heldByMean());
            r.info("claim_more_robust_" + Math.round(threshold * 100) + "pct", robust.heldByMean());
            r.info("claim_smoother_beyond_spread_" + Math.round(threshold * 100) + "pct", smoother == Verdict.HELD);
            r.info("claim_more_robust_beyond_spread_" + Math.round(threshold * 100) + "pct", robust == Verdict.HELD);
            claims.add(List.of(Math.round(threshold * 100) + " %", "EG-prior maps smoother than baseline and gradient prior",
                    smoother.words(), comparison("TV", r, eg, grad, "tv")));
            claims.add(List.of(Math.round(threshold * 100) + " %", "EG prior more accurate under noise σ = " + highSigma,
                    robust.words(), comparison("accuracy", r, eg, grad, noise)));
        }
        report.table(List.of("threshold", "claim (paper)", "here", "numbers"), claims);
        report.text("\"Held\": the EG prior's mean is better than each other model's by more than the larger of the two "
                + "standard deviations over seeds; \"by the means only\": better on average, but within that spread.");
        report.text("The paper's clean accuracies are on MNIST digits (baseline 0.9925, EG prior 0.9836, gradient prior 0.9888, "
                + "λ = 0.01 for both); Fashion-MNIST is harder, so only the differences between models compare. "
                + "Our λ is not on the paper's scale: Axiom's prior divides each map by its standard deviation before "
                + "taking the total variation (SPEC §1.2), so the penalty of a 28×28 map is in the hundreds however small "
                + "its attributions are; what carries over is the selection rule, not the value of λ.");
        report.heading(2, "λ grid (seed 0)");
        List<List<String>> gridRows = new ArrayList<>();
        gridRows.add(List.of("baseline", "–", Report.number(baseAccuracy, 3), Report.number(r.get("grid", "baseline", "tv"), 3)));
        grid.forEach((prior, byLambda) -> byLambda.forEach((lambda, v) -> gridRows.add(List.of(prior, String.valueOf(lambda),
                Report.number(v.get("accuracy"), 3), Report.number(v.get("tv"), 3)))));
        report.table(List.of("model", "λ", "clean accuracy", "TV of EG maps"), gridRows);
        report.figure("lambda grid", "figures/lambda-grid.png");
        report.heading(2, "Attribution maps");
        report.text("EG maps (true class) of the same test images under each chosen model (seed 0); red for, blue against "
                + "the class, one colour scale per row.");
        report.figure("attribution maps", "figures/attributions.png");
        report.heading(2, "What was scaled down");
        report.text(String.format(Locale.ROOT, "This run: %s, %d epoch(s) per training (the paper trains to convergence), "
                        + "a %d-point λ grid, %d seed(s)%s, TV on %d test images with %d EG references each.%s",
                scale.fullData() ? "the full data set" : "the embedded 2,000-image subset instead of the 60,000 images",
                scale.epochs(), scale.lambdas().size(), scale.seeds(), scale.seeds() == 1 ? " (so no spread over seeds: ± 0)" : "",
                scale.tvImages(), scale.references(),
                context.options().params().isEmpty() ? "" : " Changed on the command line from the " + (context.quick() ? "quick" : "full")
                        + " scale: " + context.options().params() + "."));
        if (!scale.fullData()) {
            report.text("Accuracies are far below the full-data ones; the comparison between models is what this shows.");
        }
    }

}
