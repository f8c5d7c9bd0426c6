package dev.axiom.app;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.axiom.attribution.Baseline;
import dev.axiom.attribution.Explainer;
import dev.axiom.attribution.Explanation;
import dev.axiom.attribution.Quadrature;
import dev.axiom.attribution.ReferenceSource;
import dev.axiom.attribution.Target;
import dev.axiom.data.Dataset;
import dev.axiom.report.AttributionPanel;
import dev.axiom.run.Objectives;
import dev.axiom.run.TrainedModel;
import dev.axiom.tensor.Rng;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code axiom explain}: attributions of every chosen sample, one CSV row each
 * ({@code index,target,output,reference_output,} then one column per column of the user's table, or
 * per encoded feature with {@code --by encoded-column}, or per pixel and channel), and for images a
 * PNG panel of the first maps.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Writes index,target,output,reference_output,<one column per feature> for every sample;",
            "output is the explained scalar at the input, reference_output its value at the baseline (IG)",
            "or its mean over the references used (EG). For images also writes <out>.png."})
final class ExplainCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, paramLabel = "RUN_DIR", description = "A trained run.")
    Path run;

    @Mixin
    DataChoice data = new DataChoice();

    @Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--method", defaultValue = "eg", description = "eg, ig, grad or gradxinput (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--references", defaultValue = "100", description = "EG: references per sample, from the training split (default: ${DEFAULT-VALUE}).")
    int references;

    @Option(names = "--steps", defaultValue = "100", description = "IG: number of points (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--rule", defaultValue = "trapezoid", description = "IG: riemann-left, riemann-right, riemann-middle or trapezoid (default: ${DEFAULT-VALUE}).")
    String rule;

    @Option(names = "--baseline", defaultValue = "zeros", description = "IG: zeros or mean (the training mean) (default: ${DEFAULT-VALUE}).")
    String baseline;

    @Option(names = "--target", description = "true-class, predicted-class or output-K (default: the run's).")
    String target;

    @Option(names = "--limit", paramLabel = "N", description = "Explain only the first N samples.")
    Integer limit;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of reference draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "Where to write the attributions.")
    Path out;

    @Option(names = "--by", defaultValue = "column", paramLabel = "column|encoded-column",
            description = {"Tables: one attribution per column of the table (a categorical column's one-hot features and a",
                "number's missing indicator summed; rows still sum to output - reference_output), or per encoded",
                "feature (default: ${DEFAULT-VALUE}). Images: one per pixel and channel either way."})
    String by;

    @Override
    public Integer call() {
        if (!List.of("eg", "ig", "grad", "gradxinput").contains(method)) {
            throw new IllegalArgumentException("--method must be eg, ig, grad or gradxinput, got '" + method + "'");
        }
        if (!List.of("column", "encoded-column").contains(by)) {
            throw new IllegalArgumentException("--by must be column or encoded-column, got '" + by + "'");
        }
        try (TrainedModel model = device.load(run);
                NDManager manager = NDManager.newBaseManager(model.network().manager().getDevice())) {
            Dataset d = data.load(model);
            if (limit != null && limit < d.size()) {
                int[] first = new int[Math.max(0, limit)];
                java.util.Arrays.setAll(first, i -> i);
                d = d.subset(first);
            }
            NDArray x = d.features(manager);
            NDArray y = d.labels(manager);
            NDArray pool = model.data().train().features(manager);
            Target t = target == null ? Objectives.target(model.settings()) : Target.named(target);
            Explainer explainer = new Explainer(model.network(), 4096);
            Explanation e = switch (method) {
                case "eg" -> explainer.expectedGradients(x, y, t, ReferenceSource.sampled(pool), references, new Rng(seed));
                case "ig" -> explainer.integratedGradients(x, y, t,
                        baseline.equals("mean") ? Baseline.constant(pool.mean(new int[] {0}), "mean") : Baseline.zeros(),
                        steps, Quadrature.valueOf(rule.toUpperCase(Locale.ROOT).replace('-', '_')));
                case "grad" -> explainer.gradients(x, y, t);
                default -> explainer.gradientTimesInput(x, y, t);
            };
            if (by.equals("column")) {
                write(model.data().byColumn(e), model.data().columnNames(), d, t);
            } else {
                write(e, d.featureNames(), d, t);
            }
            if (model.data().image() && d.size() > 0) {
                panel(e, d, model.data());
            }
            System.out.println("wrote attributions of " + d.size() + " samples to " + out);
        }
        return 0;
    }

    private void write(Explanation e, List<String> columns, Dataset d, Target t) {
        List<String> header = new ArrayList<>(List.of("index", "target", "output", "reference_output"));
        header.addAll(columns);
        try (Csv csv = new Csv(out, header)) {
            for (int i = 0; i < e.samples(); i++) {
                List<String> row = new ArrayList<>(e.features() + 4);
                row.add(Integer.toString(i));
                row.add(t.describe() + (t.needsLabels() ? ":" + (int) d.label(i, 0) : ""));
                row.add(Csv.number(e.output()[i]));
                row.add(Csv.number(e.referenceOutput()[i]));
                for (float v : e.row(i)) {
                    row.add(Csv.number(v));
                }
                csv.row(row);
            }
        }
    }

    private void panel(Explanation e, Dataset d, dev.axiom.run.data.RunData run) {
        var shape = d.sampleShape();
        int c = Math.toIntExact(shape.get(0));
        int h = Math.toIntExact(shape.get(1));
        int w = Math.toIntExact(shape.get(2));
        List<AttributionPanel.Row> rows = new ArrayList<>();
        for (int i = 0; i < Math.min(8, e.samples()); i++) {
            String text = run.className((int) d.label(i, 0));
            rows.add(AttributionPanel.Row.summingChannels(text, d.sample(i), c, List.of(e.row(i))));
        }
        String file = out.getFileName().toString().replaceFirst("\\.csv$", "") + ".png";
        AttributionPanel.write(out.resolveSibling(file), h, w, List.of(method), rows);
    }
}
