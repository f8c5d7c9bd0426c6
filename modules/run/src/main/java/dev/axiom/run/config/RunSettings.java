package dev.axiom.run.config;

import com.typesafe.config.Config;
import java.util.List;

/**
 * Every setting of a run, read once from a validated configuration (see {@code reference.conf} for
 * what each means and its default). Immutable.
 */
public record RunSettings(
        long seed,
        Data data,
        Model model,
        Train train,
        Attribution attribution,
        Prior prior,
        Robust robust,
        Report report,
        Runtime runtime,
        Cluster cluster,
        Logging logging) {

    /** {@code axiom.data}. */
    public record Data(
            String format,
            Idx idx,
            Csv csv,
            ImageFolder imageFolder,
            double validationFraction,
            double testFraction,
            boolean standardize,
            Graph graph) {}

    /** {@code axiom.data.idx}. */
    public record Idx(String trainImages, String trainLabels, String testImages, String testLabels, List<String> classNames) {}

    /** {@code axiom.data.csv}. */
    public record Csv(
            String path,
            String labelPath,
            String labelColumn,
            String labelKind,
            List<String> features,
            List<String> dropColumns,
            String idColumn,
            String missing,
            boolean dropUnlabelled,
            List<String> missingValues,
            boolean missingIndicators,
            String unseenCategory,
            List<String> categorical,
            List<String> labelValues) {

        /** The reader's options for this table. */
        public dev.axiom.data.CsvOptions options() {
            return new dev.axiom.data.CsvOptions(labelColumn, labelKind, features, dropColumns, idColumn, missing,
                    dropUnlabelled, missingValues, missingIndicators, unseenCategory, categorical, labelValues);
        }
    }

    /** {@code axiom.data.image-folder}. */
    public record ImageFolder(String train, String test, int height, int width, int channels, boolean skipUnreadable) {}

    /** {@code axiom.data.graph}. */
    public record Graph(String path, boolean dropUnmatched) {}

    /** {@code axiom.model}. */
    public record Model(
            String architecture,
            List<Integer> hidden,
            String activation,
            double dropout,
            List<String> layers,
            ResNet resnet,
            Onnx onnx) {}

    /**
     * {@code axiom.model.resnet}: the stem's channels and the stages, each {@code [channels,
     * blocks, stride]}.
     */
    public record ResNet(int stemWidth, List<List<Integer>> stages) {}

    /** {@code axiom.model.onnx}: the file, and whether training starts from its weights ({@code file}) or afresh ({@code random}). */
    public record Onnx(String file, String init) {}

    /** {@code axiom.train}. */
    public record Train(
            int epochs,
            int batchSize,
            String loss,
            Optimizer optimizer,
            Schedule schedule,
            int evaluateEveryEpochs,
            int earlyStoppingPatience,
            int checkpointEverySteps,
            int keepCheckpoints,
            String onCheckpointFailure,
            int logEverySteps,
            int threads,
            List<String> freeze,
            String device) {}

    /** {@code axiom.train.optimizer}. */
    public record Optimizer(
            String name,
            double learningRate,
            double beta1,
            double beta2,
            double epsilon,
            double momentum,
            boolean nesterov,
            double weightDecay) {}

    /** {@code axiom.train.schedule}. */
    public record Schedule(String kind, double gamma, int every) {}

    /** {@code axiom.attribution}. */
    public record Attribution(
            String method,
            int references,
            String referenceSource,
            int steps,
            String rule,
            String baseline,
            String target,
            boolean dropout) {}

    /** {@code axiom.prior}. */
    public record Prior(String kind, double weight, String channels, String scope, double alpha, boolean groupCategorical) {}

    /**
     * {@code axiom.runtime}: what drives training: the actor runtime ({@code driver = actors}) or
     * the plain loop on the command's own thread ({@code driver = plain}).
     */
    public record Runtime(
            String driver,
            int workers,
            String mode,
            int maxStaleness,
            double importanceDecay,
            int prefetch,
            int maxAttempts,
            String watchDirectory,
            double watchPollSeconds) {

        /** Whether the plain loop drives training, without actors. */
        public boolean plain() {
            return driver.equals("plain");
        }
    }

    /** {@code axiom.cluster}: this node of a Pekko cluster ({@code ./axiom node}). */
    public record Cluster(
            String role,
            String hostname,
            int port,
            List<String> seedNodes,
            int remoteWorkers,
            int workersPerNode,
            String onNodeLoss,
            int chunkFloats,
            double downAfterSeconds,
            boolean elastic) {}

    /** {@code axiom.robust}. */
    public record Robust(
            String mode,
            double epsilon,
            int steps,
            double stepSize,
            boolean randomStart,
            int igSteps,
            int attackIgSteps,
            double lambda,
            double beta,
            double inputMin,
            double inputMax) {}

    /** {@code axiom.report}. */
    public record Report(int panelImages, int topFeatures, int references) {}

    /** {@code axiom.logging}: {@code format} is {@code text} or {@code json}. */
    public record Logging(String format) {

        /** Whether log lines are JSON objects. */
        public boolean json() {
            return format.equals("json");
        }
    }

    private static ImageFolder imageFolder(ConfigReader r, String f) {
        List<Integer> size = r.integers(f + "size", 1);
        if (size.size() != 2) {
            throw r.bad(f + "size", "[height, width], two whole numbers >= 1");
        }
        int channels = r.integer(f + "channels", 1, 3);
        if (channels == 2) {
            throw r.bad(f + "channels", "1 (grey) or 3 (RGB)");
        }
        return new ImageFolder(r.optionalString(f + "train"), r.optionalString(f + "test"), size.get(0), size.get(1),
                channels, r.bool(f + "skip-unreadable"));
    }

    /**
     * Reads and checks every setting.
     *
     * @throws SettingsException naming the key, its value and what is allowed
     */
    public static RunSettings from(Config config) {
        ConfigReader r = new ConfigReader(config);
        String d = "axiom.data.";
        Data data = new Data(
                r.string(d + "format", List.of("idx", "csv", "image-folder")),
                new Idx(
                        r.string(d + "idx.train-images", List.of()),
                        r.string(d + "idx.train-labels", List.of()),
                        r.string(d + "idx.test-images", List.of()),
                        r.string(d + "idx.test-labels", List.of()),
                        r.strings(d + "idx.class-names")),
                new Csv(
                        r.optionalString(d + "csv.path"),
                        r.optionalString(d + "csv.label-path"),
                        r.string(d + "csv.label-column", List.of()),
                        r.string(d + "csv.label-kind", List.of("class", "binary", "real")),
                        r.strings(d + "csv.features"),
                        r.strings(d + "csv.drop-columns"),
                        r.optionalString(d + "csv.id-column"),
                        r.string(d + "csv.missing", List.of("error", "impute")),
                        r.bool(d + "csv.drop-unlabelled"),
                        r.strings(d + "csv.missing-values"),
                        r.bool(d + "csv.missing-indicators"),
                        r.string(d + "csv.unseen-category", List.of("error", "ignore")),
                        r.strings(d + "csv.categorical"),
                        r.strings(d + "csv.label-values")),
                imageFolder(r, d + "image-folder."),
                r.real(d + "validation-fraction", 0, 0.9, false),
                r.real(d + "test-fraction", 0, 0.9, false),
                r.bool(d + "standardize"),
                new Graph(r.optionalString(d + "graph.path"), r.bool(d + "graph.drop-unmatched")));
        if (data.validationFraction() + data.testFraction() >= 1) {
            throw r.bad(d + "validation-fraction", "a fraction that, with test-fraction, leaves training data");
        }
        if (data.format().equals("csv") && data.csv().path() == null) {
            throw r.bad(d + "csv.path", "the path of the CSV table when axiom.data.format = csv");
        }
        if (data.format().equals("image-folder") && data.imageFolder().train() == null) {
            throw r.bad(d + "image-folder.train", "the root folder of the training images when axiom.data.format = image-folder");
        }
        if (data.format().equals("image-folder") && data.imageFolder().test() == null && data.testFraction() == 0) {
            throw r.bad(d + "test-fraction", "a fraction above 0 when axiom.data.image-folder.test is not given");
        }
        String m = "axiom.model.";
        Model model = new Model(
                r.string(m + "architecture", List.of("paper-cnn", "mlp", "layers", "resnet", "onnx")),
                r.integers(m + "hidden", 1),
                r.string(m + "activation", List.of("relu", "softplus", "tanh", "sigmoid")),
                r.real(m + "dropout", 0, 0.99, false),
                r.strings(m + "layers"),
                new ResNet(r.integer(m + "resnet.stem-width", 1, 65536), r.triples(m + "resnet.stages", 1)),
                new Onnx(r.optionalString(m + "onnx.file"), r.string(m + "onnx.init", List.of("file", "random"))));
        if (model.architecture().equals("layers") && model.layers().isEmpty()) {
            throw r.bad(m + "layers", "a non-empty list of layers when axiom.model.architecture = layers");
        }
        if (model.architecture().equals("onnx") && model.onnx().file() == null) {
            throw r.bad(m + "onnx.file", "the path of an ONNX model when axiom.model.architecture = onnx");
        }
        if (model.architecture().equals("resnet") && model.resnet().stages().isEmpty()) {
            throw r.bad(m + "resnet.stages", "at least one stage [channels, blocks, stride] when axiom.model.architecture = resnet");
        }
        String t = "axiom.train.";
        Train train = new Train(
                r.integer(t + "epochs", 0, Integer.MAX_VALUE),
                r.integer(t + "batch-size", 1, Integer.MAX_VALUE),
                r.string(t + "loss", List.of("auto", "cross-entropy", "binary-cross-entropy", "mse")),
                new Optimizer(
                        r.string(t + "optimizer.name", List.of("adam", "sgd")),
                        r.real(t + "optimizer.learning-rate", 0, Double.POSITIVE_INFINITY, true),
                        r.real(t + "optimizer.beta1", 0, 0.999999, false),
                        r.real(t + "optimizer.beta2", 0, 0.999999999, false),
                        r.real(t + "optimizer.epsilon", 0, 1, true),
                        r.real(t + "optimizer.momentum", 0, 0.999999, false),
                        r.bool(t + "optimizer.nesterov"),
                        r.real(t + "optimizer.weight-decay", 0, Double.POSITIVE_INFINITY, false)),
                new Schedule(
                        r.string(t + "schedule.kind", List.of("constant", "exponential", "step")),
                        r.real(t + "schedule.gamma", 0, 1, true),
                        r.integer(t + "schedule.every", 1, Integer.MAX_VALUE)),
                r.integer(t + "evaluate-every-epochs", 1, Integer.MAX_VALUE),
                r.integer(t + "early-stopping-patience", 0, Integer.MAX_VALUE),
                r.integer(t + "checkpoint-every-steps", 1, Integer.MAX_VALUE),
                r.integer(t + "keep-checkpoints", 1, Integer.MAX_VALUE),
                r.string(t + "on-checkpoint-failure", List.of("stop", "continue")),
                r.integer(t + "log-every-steps", 1, Integer.MAX_VALUE),
                r.integer(t + "threads", 0, 1024),
                r.strings(t + "freeze"),
                device(r, t + "device"));
        String a = "axiom.attribution.";
        Attribution attribution = new Attribution(
                r.string(a + "method", List.of("eg", "ig", "grad", "gradxinput")),
                r.integer(a + "references", 1, 100_000),
                r.string(a + "reference-source", List.of("shifted-batch", "training-set")),
                r.integer(a + "steps", 1, 100_000),
                r.string(a + "rule", List.of("riemann-left", "riemann-right", "riemann-middle", "trapezoid")),
                r.string(a + "baseline", List.of("zeros", "mean")),
                target(r, a + "target"),
                r.bool(a + "dropout"));
        String p = "axiom.prior.";
        Prior prior = new Prior(
                r.string(p + "kind", List.of(
                        "none", "pixel-smoothness", "graph", "gini", "attribution-l1", "attribution-l2",
                        "weight-l1", "weight-l2", "sparse-group-lasso")),
                r.real(p + "weight", 0, Double.POSITIVE_INFINITY, false),
                r.string(p + "channels", List.of("sum", "mean")),
                r.string(p + "scope", List.of("all-layers", "first-layer")),
                r.real(p + "alpha", 0, 1, false),
                r.bool(p + "group-categorical"));
        if (prior.kind().equals("graph") && data.graph().path() == null) {
            throw r.bad("axiom.data.graph.path", "the path of a feature graph when axiom.prior.kind = graph");
        }
        String rb = "axiom.robust.";
        Robust robust = new Robust(
                r.string(rb + "mode", List.of("natural", "madry", "ig-norm", "ig-sum-norm")),
                r.real(rb + "epsilon", 0, Double.POSITIVE_INFINITY, false),
                r.integer(rb + "steps", 0, 100_000),
                r.real(rb + "step-size", 0, Double.POSITIVE_INFINITY, false),
                r.bool(rb + "random-start"),
                r.integer(rb + "ig-steps", 1, 100_000),
                r.integer(rb + "attack-ig-steps", 1, 100_000),
                r.real(rb + "lambda", 0, Double.POSITIVE_INFINITY, false),
                r.real(rb + "beta", 0, Double.POSITIVE_INFINITY, false),
                r.real(rb + "input-min", -1e9, 1e9, false),
                r.real(rb + "input-max", -1e9, 1e9, false));
        if (!(robust.inputMin() < robust.inputMax())) {
            throw r.bad(rb + "input-max", "a value above axiom.robust.input-min");
        }
        if (robust.mode().equals("ig-norm") && !robust.randomStart() && robust.steps() > 0) {
            throw r.bad(rb + "random-start",
                    "true when axiom.robust.mode = ig-norm (at x' = x the gradient of ‖IG(x, x')‖₁ is 0)");
        }
        String rp = "axiom.report.";
        Report report = new Report(
                r.integer(rp + "panel-images", 0, 64),
                r.integer(rp + "top-features", 1, 10_000),
                r.integer(rp + "references", 1, 10_000));
        String rt = "axiom.runtime.";
        Runtime runtime = new Runtime(
                r.string(rt + "driver", List.of("actors", "plain")),
                r.integer(rt + "workers", 1, 256),
                r.string(rt + "mode", List.of("synchronous", "asynchronous")),
                r.integer(rt + "max-staleness", 0, Integer.MAX_VALUE),
                r.real(rt + "importance-decay", 0, 0.999999, false),
                r.integer(rt + "prefetch", 1, 1024),
                r.integer(rt + "max-attempts", 1, 100),
                r.optionalString(rt + "watch-directory"),
                r.real(rt + "watch-poll-seconds", 0.05, 3600, false));
        if (runtime.plain() && runtime.watchDirectory() != null) {
            throw r.bad(rt + "watch-directory", "null when axiom.runtime.driver = plain (watching a directory needs the actor runtime)");
        }
        String c = "axiom.cluster.";
        Cluster cluster = new Cluster(
                r.string(c + "role", List.of("trainer", "worker")),
                r.string(c + "hostname", List.of()),
                r.integer(c + "port", 0, 65535),
                r.strings(c + "seed-nodes"),
                r.integer(c + "remote-workers", 0, 1024),
                r.integer(c + "workers-per-node", 1, 64),
                r.string(c + "on-node-loss", List.of("continue", "stop")),
                r.integer(c + "chunk-floats", 1024, 1 << 20),
                r.real(c + "down-after-seconds", 0.5, 3600, false),
                r.bool(c + "elastic"));
        Logging logging = new Logging(r.string("axiom.logging.format", List.of("text", "json")));
        return new RunSettings(r.whole("axiom.seed"), data, model, train, attribution, prior, robust, report, runtime, cluster,
                logging);
    }

    private static String device(ConfigReader r, String path) {
        String v = r.string(path, List.of());
        if (v.equals("cpu") || v.equals("gpu") || v.matches("gpu:\\d{1,4}")) {
            return v;
        }
        throw r.bad(path, "cpu, gpu or gpu:N with N a GPU number (0 for the first)");
    }

    private static String target(ConfigReader r, String path) {
        String v = r.string(path, List.of());
        if (v.equals("true-class") || v.equals("predicted-class") || v.matches("output-\\d+")) {
            return v;
        }
        throw r.bad(path, "true-class, predicted-class or output-K with K an output number");
    }
}
