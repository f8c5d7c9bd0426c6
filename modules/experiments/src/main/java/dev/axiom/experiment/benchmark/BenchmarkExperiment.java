package dev.axiom.experiment.benchmark;

import dev.axiom.experiment.Experiment;
import dev.axiom.experiment.ExperimentContext;
import dev.axiom.experiment.Report;
import dev.axiom.experiment.Results;
import dev.axiom.experiment.Stats;
import dev.axiom.experiment.benchmark.MethodComparison.Summary;
import dev.axiom.report.Charts;
import dev.axiom.tensor.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The attribution benchmark of the expected-gradients paper (the SHAP benchmark's 18 keep/remove
 * metrics) on "Independent Linear 60" and "Correlated Groups 60": an MLP is retrained per seed and
 * explained by EG, IG, gradients, gradient × input and random attributions; each metric's area is
 * averaged over seeds and compared with the paper's claim (EG ≥ IG ≫ gradients > random; EG best on
 * 17 of 18 metrics on the correlated set and best or tied on all 18 on the independent set).
 */
public final class BenchmarkExperiment implements Experiment {

    /** Seed of the two data sets (fixed: the seeds retrain the model, not redraw the data). */
    static final long DATA_SEED = 20_210_601L;

    /** Within-group correlation of "Correlated Groups". */
    static final double CORRELATION = 0.99;

    /** Metrics whose curves are plotted. */
    private static final List<String> PLOTTED = List.of("keep_positive_mean", "remove_positive_mean", "keep_absolute_impute", "remove_absolute_impute");

    /**
     * The size of a run.
     *
     * @param features features per data set (a multiple of 3)
     * @param train training samples
     * @param test test samples (explained and masked)
     * @param training MLP and optimiser settings
     * @param references EG references per test sample
     * @param steps IG trapezoid points
     * @param gridPoints points of the feature-count grid (p + 1: every count)
     * @param resampleDraws training rows averaged over by resample masking
     * @param quickSeeds default seeds at quick scale
     * @param fullSeeds default seeds at full scale
     */
    record Scale(int features, int train, int test, TrainedRegressor.Training training, int references, int steps,
            int gridPoints, int resampleDraws, int quickSeeds, int fullSeeds) {

        String describe() {
            return features + " features, " + train + " train / " + test + " test, MLP " + TrainedRegressor.widths(training.hidden())
                    + " ReLU, Adam lr " + training.learningRate() + ", batch " + training.batchSize() + ", " + training.epochs()
                    + " epochs; EG " + references + " references per sample (drawn from the training set), IG " + steps
                    + " trapezoid points from the training mean; feature-count grid of " + gridPoints + " points; "
                    + resampleDraws + " resample draws";
        }

        String key() {
            return features + "f" + train + "n" + training.epochs() + "e" + Arrays.toString(training.hidden()) + "r" + references + "s" + steps + "g" + gridPoints + "d" + resampleDraws;
        }
    }

    /** The MLP of the full run: 40 epochs of 15 steps (a training step costs ~30 ms here, whatever the batch size). */
    static final TrainedRegressor.Training MLP = new TrainedRegressor.Training(new int[] {32, 16}, 40, 64, 5e-3);

    static final Scale QUICK = new Scale(60, 900, 100, new TrainedRegressor.Training(new int[] {32, 16}, 20, 64, 5e-3), 50, 20, 11, 10, 2, 10);

    static final Scale FULL = new Scale(60, 900, 100, MLP, 200, 100, 31, 20, 2, 10);

    private final Scale fixed;

    /** The experiment at the scale the options ask for. */
    public BenchmarkExperiment() {
        this(null);
    }

    /** The experiment at a fixed scale (tests). */
    BenchmarkExperiment(Scale fixed) {
        this.fixed = fixed;
    }

    @Override
    public String name() {
        return "benchmark";
    }

    @Override
    public String title() {
        return "Attribution benchmark (SHAP benchmark, 18 keep/remove metrics) on Independent Linear 60 and Correlated Groups 60";
    }

    @Override
    public void run(ExperimentContext context) throws Exception {
        Scale scale = fixed != null ? fixed : context.quick() ? QUICK : FULL;
        int seeds = context.options().seedsOr(scale.quickSeeds(), scale.fullSeeds());
        List<SyntheticData> sets = List.of(
                SyntheticData.independentLinear(scale.features(), scale.train(), scale.test(), DATA_SEED),
                SyntheticData.correlatedGroups(scale.features(), CORRELATION, scale.train(), scale.test(), DATA_SEED + 1));
        int[] grid = grid(scale.features(), scale.gridPoints());
        List<BenchmarkMetric> metrics = BenchmarkMetric.all();
        Results results = context.results();
        results.info("seeds", seeds);
        results.info("settings", scale.describe());
        results.info("feature_count_grid", Arrays.stream(grid).boxed().toList());

        List<List<Map<String, Double>>> measured = new ArrayList<>();
        context.progress().start("benchmark", (long) sets.size() * seeds);
        int done = 0;
        for (int d = 0; d < sets.size(); d++) {
            SyntheticData data = sets.get(d);
            List<Map<String, Double>> perSeed = new ArrayList<>();
            for (int s = 1; s <= seeds; s++) {
                final int seed = s;
                final int set = d;
                String unit = "set=" + d + "/seed=" + s + "/scale=" + scale.key();
                context.progress().update(done, data.name() + ", seed " + s);
                perSeed.add(context.work().get(unit, () -> measure(data, set, seed, scale, grid, metrics)));
                context.progress().update(++done, data.name() + ", seed " + s + " done");
            }
            measured.add(perSeed);
        }
        context.progress().close();

        Report report = context.report();
        report.heading(2, "Setup");
        report.text(setupText(scale, seeds, grid));
        report.heading(2, "Metrics");
        report.text(METRIC_DEFINITION);
        for (int d = 0; d < sets.size(); d++) {
            section(context, sets.get(d), d == 1, measured.get(d), metrics, grid, seeds);
        }
        report.heading(2, "What was scaled down");
        report.text(scaledDown(scale, seeds));
    }

    /** One data set and seed: train, explain with every method, measure every metric. */
    private static Map<String, Double> measure(SyntheticData data, int set, int seed, Scale scale, int[] grid, List<BenchmarkMetric> metrics) {
        Map<String, Double> values = new LinkedHashMap<>();
        Rng rng = new Rng(seed * 1_000_003L + set);
        try (TrainedRegressor model = TrainedRegressor.train(data, scale.training(), seed * 7919L + set)) {
            values.put("model/test_r2", model.testRSquared());
            int[] draws = new int[scale.resampleDraws()];
            for (int r = 0; r < draws.length; r++) {
                draws[r] = rng.nextInt(data.trainX().length);
            }
            MaskingBenchmark bench = new MaskingBenchmark(data.trainX(), draws, 20_000);
            for (AttributionMethod method : AttributionMethod.values()) {
                double[][] phi = model.explainTest(method, scale.references(), scale.steps(), rng.split());
                for (BenchmarkMetric metric : metrics) {
                    double[] curve = bench.curve(model, metric, data.testX(), data.testY(), phi, grid);
                    values.put(method.key() + "/" + metric.key(), MaskingBenchmark.area(grid, curve, data.features()));
                    if (PLOTTED.contains(metric.key())) {
                        for (int g = 0; g < grid.length; g++) {
                            values.put("curve/" + method.key() + "/" + metric.key() + "/" + g, curve[g]);
                        }
                    }
                }
            }
        }
        return values;
    }

    private static void section(ExperimentContext context, SyntheticData data, boolean correlated, List<Map<String, Double>> perSeed,
            List<BenchmarkMetric> metrics, int[] grid, int seeds) throws Exception {
        Report report = context.report();
        Results results = context.results();
        String name = data.name();
        AttributionMethod[] methods = AttributionMethod.values();
        report.heading(2, name);
        Summary r2 = Summary.of(perSeed.stream().mapToDouble(v -> v.get("model/test_r2")).toArray());
        results.put(name, "model", "test_r2_mean", r2.mean());
        results.put(name, "model", "test_r2_sd", r2.sd());
        report.text("Model test R² (mean ± sd over " + seeds + " seeds): " + Report.plusMinus(r2.mean(), r2.sd(), 4) + ".");

        int egBest = 0;
        int egBestOrTied = 0;
        int egAtLeastIg = 0;
        int igOverGradients = 0;
        int gradientsOverRandom = 0;
        int egSignificantlyBetter = 0;
        int egSignificantlyWorse = 0;
        List<List<String>> rows = new ArrayList<>();
        for (BenchmarkMetric metric : metrics) {
            Summary[] s = new Summary[methods.length];
            double[][] perMethod = new double[methods.length][];
            for (int m = 0; m < methods.length; m++) {
                String key = methods[m].key() + "/" + metric.key();
                s[m] = Summary.of(perSeed.stream().mapToDouble(v -> v.get(key)).toArray());
                perMethod[m] = perSeed.stream().mapToDouble(v -> v.get(key)).toArray();
                results.put(name, methods[m].key(), metric.key() + "_mean", s[m].mean());
                results.put(name, methods[m].key(), metric.key() + "_sd", s[m].sd());
            }
            boolean up = metric.higherIsBetter();
            int best = MethodComparison.best(s, up);
            int eg = AttributionMethod.EXPECTED_GRADIENTS.ordinal();
            boolean egIsBest = best == eg;
            boolean egTied = MethodComparison.betterOrTied(s[eg], s[best], up);
            egBest += egIsBest ? 1 : 0;
            egBestOrTied += egTied ? 1 : 0;
            boolean a = MethodComparison.betterOrTied(s[eg], s[AttributionMethod.INTEGRATED_GRADIENTS.ordinal()], up);
            boolean b = MethodComparison.better(s[AttributionMethod.INTEGRATED_GRADIENTS.ordinal()], s[AttributionMethod.GRADIENTS.ordinal()], up);
            boolean c = MethodComparison.better(s[AttributionMethod.GRADIENTS.ordinal()], s[AttributionMethod.RANDOM.ordinal()], up);
            egAtLeastIg += a ? 1 : 0;
            igOverGradients += b ? 1 : 0;
            gradientsOverRandom += c ? 1 : 0;
            // EG against IG on the same models (paired by seed), signed so that > 0 means EG is better
            Stats.PairedT t = Stats.pairedT(perMethod[eg], perMethod[AttributionMethod.INTEGRATED_GRADIENTS.ordinal()]);
            double advantage = up ? t.meanDifference() : -t.meanDifference();
            results.put(name, "eg_vs_ig", metric.key() + "_advantage", advantage);
            results.put(name, "eg_vs_ig", metric.key() + "_p", t.p());
            egSignificantlyBetter += t.p() < 0.05 && advantage > 0 ? 1 : 0;
            egSignificantlyWorse += t.p() < 0.05 && advantage < 0 ? 1 : 0;
            List<String> row = new ArrayList<>();
            row.add(metric.label() + (up ? " ↑" : " ↓"));
            for (int m = 0; m < methods.length; m++) {
                String cell = Report.plusMinus(s[m].mean(), s[m].sd(), 3);
                row.add(m == best ? "**" + cell + "**" : cell);
            }
            row.add(egIsBest ? "best" : egTied ? "tied" : "no");
            row.add((a ? "✓" : "✗") + " / " + (b ? "✓" : "✗") + " / " + (c ? "✓" : "✗"));
            row.add(String.format(java.util.Locale.ROOT, "%+.4f (p = %s)", advantage, Double.isNaN(t.p()) ? "–" : String.format(java.util.Locale.ROOT, "%.2g", t.p())));
            rows.add(row);
        }
        List<String> header = new ArrayList<>();
        header.add("metric (↑ higher better, ↓ lower better)");
        for (AttributionMethod m : methods) {
            header.add(m.label());
        }
        header.add("EG best?");
        header.add("EG≥IG / IG>grad / grad>random");
        header.add("EG − IG, paired (> 0: EG better)");
        report.text("Area under each curve, mean ± sd over " + seeds + " seeds (retrained MLPs); the best mean per row in bold. "
                + "\"EG best?\": best = best mean; tied = within the larger of the two sds of the best. Last column: the paper's "
                + "ordering EG ≥ IG (≥: better or tied), IG better than gradients, gradients better than random (by mean). "
                + "Last column: EG's advantage over IG on the same models (mean paired difference over seeds, signed so that > 0 "
                + "means EG is better) with a paired two-sided t-test's p. "
                + "The paper's per-metric values are not available offline; its claim is in the verdict below.");
        report.table(header, rows);

        results.put(name, "summary", "eg_best_count", egBest);
        results.put(name, "summary", "eg_best_or_tied_count", egBestOrTied);
        results.put(name, "summary", "eg_at_least_ig_count", egAtLeastIg);
        results.put(name, "summary", "ig_over_gradients_count", igOverGradients);
        results.put(name, "summary", "gradients_over_random_count", gradientsOverRandom);
        results.put(name, "summary", "metrics", metrics.size());
        results.put(name, "summary", "eg_significantly_better_than_ig_count", egSignificantlyBetter);
        results.put(name, "summary", "eg_significantly_worse_than_ig_count", egSignificantlyWorse);
        String paperClaim = correlated
                ? "EG best on 17 of 18 metrics; EG ≥ IG ≫ gradients > random on every metric"
                : "EG best or tied on all 18 metrics; EG ≥ IG ≫ gradients > random on every metric";
        results.paper(name, "EG", "claim", paperClaim);
        if (correlated) {
            results.paper(name, "EG", "eg_best_count", 17);
        } else {
            results.paper(name, "EG", "eg_best_or_tied_count", 18);
        }
        results.paper(name, "all", "per_metric_values", "not available offline");
        boolean bestClaim = correlated ? egBest >= 17 : egBestOrTied == 18;
        boolean orderClaim = egAtLeastIg == 18 && igOverGradients == 18 && gradientsOverRandom == 18;
        String verdict = String.format(java.util.Locale.ROOT,
                "EG best on %d/18 metrics, best or tied on %d/18 (paper: %s) — %s. Ordering: EG ≥ IG on %d/18, IG > gradients on %d/18, "
                        + "gradients > random on %d/18 (paper: every metric) — %s. Paired by seed, EG is significantly better than IG "
                        + "(p < 0.05) on %d/18 metrics and significantly worse on %d/18.",
                egBest, egBestOrTied, correlated ? "best on 17/18" : "best or tied on 18/18", bestClaim ? "HELD" : "NOT HELD",
                egAtLeastIg, igOverGradients, gradientsOverRandom, orderClaim ? "HELD" : "NOT HELD", egSignificantlyBetter, egSignificantlyWorse);
        results.info("verdict_" + (correlated ? "correlated" : "independent"), verdict);
        report.text("**Paper's claim:** " + paperClaim + ". **Ours:** " + verdict);

        for (String plotted : PLOTTED) {
            BenchmarkMetric metric = metrics.stream().filter(m -> m.key().equals(plotted)).findFirst().orElseThrow();
            List<Charts.Series> series = new ArrayList<>();
            for (AttributionMethod m : methods) {
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (int g = 0; g < grid.length; g++) {
                    String key = "curve/" + m.key() + "/" + plotted + "/" + g;
                    x.add((double) grid[g]);
                    y.add(perSeed.stream().mapToDouble(v -> v.get(key)).average().orElse(Double.NaN));
                }
                series.add(new Charts.Series(m.label(), x, y));
            }
            String file = (correlated ? "correlated" : "independent") + "-" + plotted + ".png";
            Charts.lines(context.figures().resolve(file), name + ": " + metric.label(),
                    "features " + (metric.action() == BenchmarkMetric.Action.KEEP ? "kept" : "removed"),
                    metric.usesRSquared() ? "R² vs true labels" : "mean model output", series, false);
            report.figure(name + " " + metric.label(), "figures/" + file);
        }
    }

    /** {@code points} feature counts spread evenly over 0..p (rounded, distinct, always 0 and p). */
    static int[] grid(int p, int points) {
        if (points < 2) {
            throw new IllegalArgumentException("the feature-count grid needs at least 2 points, got " + points);
        }
        TreeSet<Integer> g = new TreeSet<>();
        for (int i = 0; i < points; i++) {
            g.add((int) Math.round((double) p * i / (points - 1)));
        }
        return g.stream().mapToInt(Integer::intValue).toArray();
    }

    private static String setupText(Scale scale, int seeds, int[] grid) {
        return "Data (generated in Java with the project's seeded Rng, data seed " + DATA_SEED + " / " + (DATA_SEED + 1) + ", the same for every seed): "
                + "\"Independent Linear\": " + scale.features() + " independent N(0, 1) features; \"Correlated Groups\": " + scale.features() / 3
                + " independent groups of 3 N(0, 1) features with within-group correlation " + CORRELATION + " (x_j = √ρ z_g + √(1 − ρ) e_j). "
                + "Label y = x·β + ε with β_j ~ N(0, 1) drawn once per data set (so about half the coefficients are negative and both "
                + "positive and negative metrics are informative) and ε ~ N(0, " + SyntheticData.NOISE + "²). "
                + "Settings: " + scale.describe() + ". Seeds 1.." + seeds + " (each seed retrains the MLP from a new initialisation and "
                + "shuffling, and redraws the EG references, resample rows and random attributions). Explained output: the model's "
                + "regression output. Feature-count grid: " + Arrays.toString(grid) + ".";
    }

    static final String METRIC_DEFINITION = "Following the SHAP benchmark (Lundberg et al. 2020, `shap.benchmark`): for each test sample the "
            + "features are ranked by φ (positive), −φ (negative) or |φ| (absolute), ties by feature index. For a feature count k, "
            + "n = k features are taken for absolute, and n = min(k, number of features with score ≥ 0) for positive/negative, as in "
            + "the SHAP code, so only features of the right sign are ranked ahead. **Keep** leaves those n features and masks the rest; "
            + "**remove** masks those n. Masking: **mean** = training mean; **resample** = the values of R training rows drawn once per "
            + "seed (shared by samples and methods), model output averaged over the R rows; **impute** = conditional expectation "
            + "μ_m + Σ_mk Σ_kk⁻¹ (x_k − μ_k) under a Gaussian fitted on the training set (covariance + 1e-6·I, solved by Cholesky). "
            + "Curve: mean model output over the test samples (positive, negative), or R² of the masked model's outputs against the "
            + "**true labels** (absolute), as in the SHAP benchmark's `r2_score(y_test, …)`. Metric: trapezoidal area under the curve "
            + "over k/p ∈ [0, 1]. Directions: keep positive ↑, keep negative ↓, keep absolute ↑, remove positive ↓, remove negative ↑, "
            + "remove absolute ↓ (R², not 1 − R²). Unlike the SHAP benchmark (3 train/test splits, a model per split), the data are "
            + "fixed and the model is retrained per seed.";

    private static String scaledDown(Scale scale, int seeds) {
        return "The paper's benchmark follows the SHAP benchmark suite (1,000 samples: 900 train / 100 test; 60 features). We keep "
                + "those sizes" + (scale.features() == 60 ? "" : " except: " + scale.features() + " features, " + scale.train() + "/" + scale.test() + " samples")
                + ". Scaled down or chosen by us: the model is a small MLP " + TrainedRegressor.widths(scale.training().hidden())
                + " trained for " + scale.training().epochs() + " epochs (the paper's network for this benchmark is not specified offline); "
                + seeds + " seeds; EG uses " + scale.references() + " references and IG " + scale.steps() + " points; resample masking "
                + "averages over " + scale.resampleDraws() + " training rows (the SHAP benchmark uses 100); the feature-count grid has "
                + scale.gridPoints() + " points (the SHAP default is 11 log-spaced counts; we use evenly spaced counts). The correlated "
                + "set has 20 groups of 3 over all 60 features, as our brief specifies (the SHAP benchmark's corrgroups60 may differ in "
                + "how many features are grouped and in β).";
    }
}
