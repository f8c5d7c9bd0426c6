package dev.axiom.report;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.axiom.attribution.Explainer;
import dev.axiom.attribution.Explanation;
import dev.axiom.attribution.ReferenceSource;
import dev.axiom.data.Dataset;
import dev.axiom.run.Json;
import dev.axiom.run.MetricsLog;
import dev.axiom.run.Objectives;
import dev.axiom.run.TrainedModel;
import dev.axiom.tensor.Rng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report of a training run: {@code report.md} with the final metrics, the curves of loss,
 * prior term, validation metric and throughput, and, for image data, a panel of test images beside
 * their expected-gradients maps, or, for tables, a bar chart of the features with the largest
 * global importance {@code φ̄}; figures as PNG in {@code figures/}.
 */
public final class RunReport {

    private RunReport() {}

    /** Writes the report of the run in {@code runDirectory}, loaded where it was trained; returns the path of report.md. */
    public static Path write(Path runDirectory) {
        return write(runDirectory, null);
    }

    /**
     * Writes the report of the run in {@code runDirectory}, loaded on {@code device} ({@code cpu},
     * {@code gpu}, {@code gpu:N}, or null for the run's {@code axiom.train.device}); returns the path of report.md.
     */
    public static Path write(Path runDirectory, String device) {
        try (TrainedModel model = TrainedModel.load(runDirectory, device)) {
            Path figures = model.run().figures();
            List<Map<String, Object>> records = MetricsLog.read(model.run().metrics());
            List<String> lines = new ArrayList<>();
            lines.add("# Run report: " + runDirectory.getFileName());
            lines.add("");
            lines.add("Model `" + model.network().architecture().summary() + "` ("
                    + model.network().parameterCount() + " parameters), checkpoint `"
                    + runDirectory.relativize(model.checkpoint()) + "`.");
            lines.add(dataLine(model));
            lines.add("Prior: `" + model.settings().prior().kind() + "`"
                    + (model.settings().prior().groupCategorical() ? " on the table's columns" : "")
                    + ", λ = " + model.settings().prior().weight()
                    + ", attribution method `" + model.settings().attribution().method() + "`.");
            var robust = dev.axiom.run.Objectives.robust(model.settings().robust());
            if (robust.perturbs()) {
                lines.add("Robust training: `" + robust.describe() + "`.");
            }
            lines.add("");
            lines.addAll(finalMetrics(records));
            lines.addAll(curves(records, figures));
            lines.addAll(model.data().image() ? panel(model, figures) : importance(model, figures));
            lines.add("## Files");
            lines.add("");
            lines.add("`config.conf` (resolved settings), `provenance.json` (seed, data hashes, versions, commit), "
                    + "`metrics.jsonl` (every logged step and evaluation), `checkpoints/`.");
            Path report = model.run().report();
            Files.write(report, lines);
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> finalMetrics(List<Map<String, Object>> records) {
        List<String> out = new ArrayList<>();
        Map<String, Object> test = null;
        Map<String, Object> lastVal = null;
        Map<String, Object> lastStep = null;
        for (Map<String, Object> r : records) {
            if ("evaluation".equals(r.get("type")) && "test".equals(r.get("split"))) {
                test = r;
            } else if ("evaluation".equals(r.get("type"))) {
                lastVal = r;
            } else if ("step".equals(r.get("type"))) {
                lastStep = r;
            }
        }
        out.add("## Results");
        out.add("");
        out.add("| split | metric | value |");
        out.add("|---|---|---|");
        for (Map<String, Object> r : java.util.Arrays.asList(lastVal, test)) {
            if (r == null) {
                continue;
            }
            for (Map.Entry<String, Object> e : r.entrySet()) {
                if (e.getKey().startsWith("val_") || e.getKey().startsWith("test_")) {
                    out.add("| " + r.get("split") + " | " + e.getKey().substring(e.getKey().indexOf('_') + 1) + " | "
                            + format(e.getValue()) + " |");
                }
            }
        }
        if (lastStep != null) {
            out.add("| training | steps | " + lastStep.get("step") + " |");
            out.add("| training | samples/s (last logged step) | " + format(lastStep.get("samples_per_s")) + " |");
            out.add("| training | resident memory, MB (last logged step) | " + format(lastStep.get("rss_mb")) + " |");
        }
        out.add("");
        return out;
    }

    private static List<String> curves(List<Map<String, Object>> records, Path figures) {
        Charts.Series loss = series(records, "step", "loss", "loss");
        Charts.Series task = series(records, "step", "task_loss", "task loss");
        Charts.Series prior = series(records, "step", "prior_loss", "λ·prior");
        Charts.lines(figures.resolve("loss.png"), "Training objective", "step", "value", List.of(loss, task, prior), false);
        List<Charts.Series> metrics = new ArrayList<>();
        for (String key : List.of("val_accuracy", "val_auc", "val_r2", "val_loss")) {
            Charts.Series s = series(records, "evaluation", key, key.replace('_', ' '));
            if (!s.x().isEmpty()) {
                metrics.add(s);
            }
        }
        Charts.lines(figures.resolve("validation.png"), "Validation", "step", "value", metrics, false);
        Charts.lines(figures.resolve("throughput.png"), "Throughput", "step", "samples/s",
                List.of(series(records, "step", "samples_per_s", "samples/s")), false);
        List<String> out = new ArrayList<>();
        out.add("## Curves");
        out.add("");
        out.add("![training objective](figures/loss.png)");
        if (!metrics.isEmpty()) {
            out.add("![validation](figures/validation.png)");
        }
        out.add("![throughput](figures/throughput.png)");
        out.add("");
        return out;
    }

    private static Charts.Series series(List<Map<String, Object>> records, String type, String key, String name) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (Map<String, Object> r : records) {
            if (type.equals(r.get("type")) && r.get(key) instanceof Number n && Double.isFinite(n.doubleValue())) {
                x.add(((Number) r.get("step")).doubleValue());
                y.add(n.doubleValue());
            }
        }
        return new Charts.Series(name, x, y);
    }

    private static List<String> panel(TrainedModel model, Path figures) {
        Dataset test = model.data().test();
        int n = Math.min(model.settings().report().panelImages(), test.size());
        if (n == 0) {
            return List.of();
        }
        int[] picks = spread(test, n);
        Dataset chosen = test.subset(picks);
        Explanation e = explain(model, chosen);
        var shape = chosen.sampleShape();
        int h = Math.toIntExact(shape.get(1));
        int w = Math.toIntExact(shape.get(2));
        int c = Math.toIntExact(shape.get(0));
        List<AttributionPanel.Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String text = model.data().className((int) chosen.label(i, 0));
            rows.add(AttributionPanel.Row.summingChannels(text, chosen.sample(i), c, List.of(e.row(i))));
        }
        AttributionPanel.write(figures.resolve("attributions.png"), h, w,
                List.of("EG (" + model.settings().report().references() + " refs)"), rows);
        String labels = String.join(", ", rows.stream().map(AttributionPanel.Row::label).toList());
        return List.of("## Attributions", "",
                "Expected-gradients maps of the true class for " + n + " test images, "
                        + model.settings().report().references() + " references from the training split each "
                        + "(red: evidence for the class, blue: against; one colour scale per row). Rows, top to "
                        + "bottom: " + labels + ".", "",
                "![attribution maps](figures/attributions.png)", "");
    }

    /** What the data are: the files read, the splits' sizes, the sample shape or the columns, the label. */
    private static String dataLine(TrainedModel model) {
        var data = model.data();
        String files = String.join(", ", data.files().keySet().stream().map(f -> "`" + f + "`").toList());
        String sizes = String.format("%,d training, %,d validation and %,d test samples",
                data.train().size(), data.validation().size(), data.test().size());
        List<String> named = new ArrayList<>();
        for (int k = 0; k < data.classNames().size(); k++) {
            named.add(data.classNames().get(k) + " = " + k);
        }
        String classes = named.isEmpty() ? "" : " (" + String.join(", ", named) + ")";
        if (data.image()) {
            return "Data: " + files + ": " + sizes + " of shape " + data.train().sampleShape() + "; classes" + classes + ".";
        }
        var encoding = data.encoding();
        List<String> categorical = encoding.columns().stream()
                .filter(c -> c instanceof dev.axiom.data.TableEncoding.Categorical).map(c -> c.name()).toList();
        return "Data: " + files + ": " + sizes + "; " + encoding.columns().size() + " input columns"
                + (categorical.isEmpty() ? "" : " (" + String.join(", ", categorical) + " one-hot encoded)")
                + " as " + data.train().featureCount() + " features; label `"
                + model.settings().data().csv().labelColumn() + "`" + classes + ".";
    }

    private static List<String> importance(TrainedModel model, Path figures) {
        Dataset test = model.data().test();
        boolean byColumn = model.data().encodedColumns();
        Explanation e = model.data().byColumn(explain(model, test));
        int p = e.features();
        double[] bar = e.meanAbsolute();
        List<String> names = model.data().columnNames();
        List<Integer> order = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            order.add(j);
        }
        order.sort(Comparator.comparingDouble(j -> -bar[j]));
        Map<String, Double> top = new LinkedHashMap<>();
        for (int j : order.subList(0, Math.min(model.settings().report().topFeatures(), p))) {
            top.put(names.get(j), bar[j]);
        }
        Charts.bars(figures.resolve("importance.png"), "Global importance (mean |EG| on the test split)", "mean |φ|", top);
        Json.write(figures.resolve("importance.json"), top);
        List<String> out = new ArrayList<>(List.of("## Global " + (byColumn ? "column" : "feature") + " importance", "",
                "Mean absolute expected-gradients attribution over the test split, "
                        + model.settings().report().references() + " references from the training split per sample"
                        + (byColumn ? "; one attribution per column of the table (the sum over a categorical column's "
                                + "one-hot features and over a number and its missing indicator)." : "."), "",
                "![global importance](figures/importance.png)", "",
                "| rank | " + (byColumn ? "column" : "feature") + " | mean abs attribution |", "|---|---|---|"));
        int rank = 1;
        for (Map.Entry<String, Double> t : top.entrySet()) {
            out.add("| " + rank++ + " | " + t.getKey() + " | " + format(t.getValue()) + " |");
        }
        out.add("");
        return out;
    }

    private static Explanation explain(TrainedModel model, Dataset data) {
        try (NDManager manager = NDManager.newBaseManager(model.network().manager().getDevice())) {
            NDArray x = data.features(manager);
            NDArray y = data.labels(manager);
            NDArray pool = model.data().train().features(manager);
            return new Explainer(model.network(), 4096).expectedGradients(
                    x, y, Objectives.target(model.settings()), ReferenceSource.sampled(pool),
                    model.settings().report().references(), new Rng(model.settings().seed()));
        }
    }

    /** {@code n} test samples of different classes where possible, deterministically. */
    private static int[] spread(Dataset test, int n) {
        int[] picks = new int[n];
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        int k = 0;
        for (int i = 0; i < test.size() && k < n; i++) {
            if (test.labelKind() != Dataset.LabelKind.CLASS_INDEX || seen.add((int) test.label(i, 0))) {
                picks[k++] = i;
            }
        }
        for (int i = 0; i < test.size() && k < n; i++) {
            final int idx = i;
            if (java.util.Arrays.stream(picks, 0, k).noneMatch(v -> v == idx)) {
                picks[k++] = i;
            }
        }
        return picks;
    }

    private static String format(Object v) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return Math.abs(d) >= 1000 || d == Math.rint(d) ? String.format(Locale.ROOT, "%.0f", d)
                    : String.format(Locale.ROOT, "%.4f", d);
        }
        return String.valueOf(v);
    }
}
