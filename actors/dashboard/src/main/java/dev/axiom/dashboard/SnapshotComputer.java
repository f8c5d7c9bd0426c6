package dev.axiom.dashboard;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.axiom.attribution.Explainer;
import dev.axiom.attribution.Explanation;
import dev.axiom.attribution.ReferenceSource;
import dev.axiom.attribution.Target;
import dev.axiom.data.Dataset;
import dev.axiom.metric.RankAgreement;
import dev.axiom.nn.Network;
import dev.axiom.prior.GiniSparsity;
import dev.axiom.prior.PixelSmoothness;
import dev.axiom.prior.Priors;
import dev.axiom.run.Models;
import dev.axiom.run.Objectives;
import dev.axiom.run.RunDirectory;
import dev.axiom.run.config.RunSettings;
import dev.axiom.run.data.DataLoader;
import dev.axiom.run.data.RunData;
import dev.axiom.tensor.Rng;
import dev.axiom.tensor.Tensors;
import dev.axiom.train.Checkpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes attribution snapshots of a run from its checkpoints, in a network replica of its own:
 * for images, the expected-gradients maps (true class) of a fixed panel of validation images; for
 * other data, the mean absolute attribution {@code φ̄} of the top features over a fixed set of
 * validation samples. References come from the training split with a fixed seed, so successive
 * snapshots differ only by the parameters. Each snapshot also carries the explanations' health:
 * the pixel prior's value on the maps (images) or the Gini coefficient of {@code φ̄} (tables), and
 * the rank agreement with the previous snapshot. Not thread-safe: one snapshot thread uses it.
 */
public final class SnapshotComputer implements AutoCloseable {

    /** The {@code explanation_prior} of image snapshots. */
    public static final String PIXEL_SMOOTHNESS = "pixel-smoothness";
    /** The {@code explanation_prior} of table snapshots. */
    public static final String GINI = "gini";

    private final RunSettings settings;
    private final SnapshotOptions options;
    private final NDManager manager = NDManager.newBaseManager();
    private final RunData data;
    private final Network replica;
    private final Dataset panel;
    private final NDArray pool;
    /** The previous snapshot's maps (images) or importance (tables), for the rank agreement. */
    private List<double[]> previous;

    /** A computer for the run in {@code runDirectory}: reads its settings and data, builds the replica. */
    public SnapshotComputer(Path runDirectory, SnapshotOptions options) {
        RunDirectory dir = RunDirectory.existing(runDirectory);
        this.settings = dir.settings();
        this.options = options;
        this.data = DataLoader.load(settings);
        this.replica = Models.network(settings.model(), data.train().sampleShape(), data.outputs(), settings.seed());
        Dataset source = data.validation().size() > 0 ? data.validation() : data.test();
        int n = data.image() ? options.panelImages() : options.importanceSamples();
        this.panel = source.subset(spread(source, Math.min(n, source.size())));
        this.pool = data.train().features(manager);
    }

    /** Whether the snapshots are image maps (otherwise feature importance). */
    public boolean images() {
        return data.image();
    }

    /**
     * The snapshot of the parameters in {@code checkpoint}, as the fields of a journal entry:
     * {@code kind = "image"} with {@code height}, {@code width}, {@code labels}, {@code inputs}
     * (grey values), {@code maps} (attributions divided by {@code scale}, the largest absolute
     * attribution of the panel: one shared colour scale), or {@code kind = "importance"} with
     * {@code features} and {@code values} (largest first).
     */
    public Map<String, Object> compute(Path checkpoint) {
        long started = System.nanoTime();
        Checkpoint.read(checkpoint).restore(replica, null);
        Explanation e;
        try (NDManager scope = NDManager.newBaseManager()) {
            NDArray x = panel.features(scope);
            NDArray y = panel.labels(scope);
            Target target = Objectives.target(settings);
            e = new Explainer(replica, 4096).expectedGradients(
                    x, y, target, ReferenceSource.sampled(pool), options.references(), new Rng(settings.seed()));
        }
        Map<String, Object> fields = data.image() ? imageFields(e) : importanceFields(e);
        fields.put("references", options.references());
        fields.put("millis", (System.nanoTime() - started) / 1_000_000);
        return fields;
    }

    private Map<String, Object> imageFields(Explanation e) {
        Shape shape = panel.sampleShape();
        int c = Math.toIntExact(shape.get(0));
        int h = Math.toIntExact(shape.get(1));
        int w = Math.toIntExact(shape.get(2));
        List<float[]> maps = new ArrayList<>();
        List<float[]> inputs = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        float scale = 0;
        for (int i = 0; i < e.samples(); i++) {
            float[] phi = e.row(i);
            float[] map = new float[h * w];
            float[] image = new float[h * w];
            for (int ch = 0; ch < c; ch++) {
                for (int k = 0; k < h * w; k++) {
                    map[k] += phi[ch * h * w + k];
                    image[k] += panel.feature(i, ch * h * w + k) / c;
                }
            }
            for (float v : map) {
                scale = Math.max(scale, Math.abs(v));
            }
            maps.add(map);
            inputs.add(image);
            labels.add(label(i));
        }
        List<double[]> scaled = new ArrayList<>();
        for (float[] map : maps) {
            scaled.add(rounded(map, scale == 0 ? 1 : scale, 1000));
        }
        List<double[]> greys = new ArrayList<>();
        for (float[] image : inputs) {
            greys.add(rounded(image, 1, 100));
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("kind", "image");
        f.put("height", h);
        f.put("width", w);
        f.put("labels", labels);
        f.put("scale", scale);
        f.put("maps", scaled);
        f.put("inputs", greys);
        f.putAll(health(PIXEL_SMOOTHNESS, pixelSmoothness(scaled, h, w), scaled));
        return f;
    }

    private Map<String, Object> importanceFields(Explanation encoded) {
        Explanation e = data.byColumn(encoded);
        int p = e.features();
        double[] mean = e.meanAbsolute();
        List<String> columns = data.columnNames();
        List<Integer> order = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            order.add(j);
        }
        order.sort(Comparator.comparingDouble(j -> -mean[j]));
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int j : order.subList(0, Math.min(options.topFeatures(), p))) {
            names.add(columns.get(j));
            values.add(mean[j]);
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("kind", "importance");
        f.put("samples", e.samples());
        f.put("features", names);
        f.put("values", values);
        f.putAll(health(GINI, gini(mean), List.of(mean)));
        return f;
    }

    /**
     * The explanations' own health, for the metrics: {@code explanation_prior} and its value on
     * this snapshot ({@code explanation_value}), and {@code rank_agreement}, Kendall's tau-b of
     * each map (or of the importance) against the previous snapshot's, averaged over the panel
     * (absent for the first snapshot).
     */
    private Map<String, Object> health(String prior, double value, List<double[]> ranked) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("explanation_prior", prior);
        f.put("explanation_value", value);
        if (previous != null && previous.size() == ranked.size()) {
            double sum = 0;
            for (int i = 0; i < ranked.size(); i++) {
                sum += RankAgreement.kendallTau(previous.get(i), ranked.get(i));
            }
            f.put("rank_agreement", sum / ranked.size());
        }
        previous = ranked;
        return f;
    }

    /** The pixel prior's value ({@link PixelSmoothness}, channels summed) on the snapshot's maps as published. */
    private double pixelSmoothness(List<double[]> maps, int h, int w) {
        double[] all = new double[maps.size() * h * w];
        for (int i = 0; i < maps.size(); i++) {
            System.arraycopy(maps.get(i), 0, all, i * h * w, h * w);
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray m = Tensors.owned(scope.create(all, new Shape(maps.size(), 1, h, w)));
            return Tensors.scalar(Priors.pixelSmoothness().penalty(m, null));
        }
    }

    /** The Gini coefficient ({@link GiniSparsity#gini}) of the importance {@code φ̄}. */
    private double gini(double[] importance) {
        try (NDManager scope = manager.newSubManager()) {
            return Tensors.scalar(GiniSparsity.gini(Tensors.owned(scope.create(importance))));
        }
    }

    private String label(int i) {
        if (panel.labelKind() != Dataset.LabelKind.CLASS_INDEX) {
            return "";
        }
        return data.className((int) panel.label(i, 0));
    }

    private static double[] rounded(float[] values, float divisor, int steps) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.round(values[i] / divisor * steps) / (double) steps;
        }
        return out;
    }

    /** {@code n} samples of different classes where possible, deterministically. */
    static int[] spread(Dataset d, int n) {
        int[] picks = new int[n];
        Set<Integer> taken = new HashSet<>();
        Set<Integer> classes = new HashSet<>();
        int k = 0;
        for (int i = 0; i < d.size() && k < n; i++) {
            if (d.labelKind() != Dataset.LabelKind.CLASS_INDEX || classes.add((int) d.label(i, 0))) {
                picks[k++] = i;
                taken.add(i);
            }
        }
        for (int i = 0; i < d.size() && k < n; i++) {
            if (taken.add(i)) {
                picks[k++] = i;
            }
        }
        return picks;
    }

    @Override
    public void close() {
        replica.close();
        manager.close();
    }
}
