package dev.axiom.kotlin

import dev.axiom.runtime.RuntimeSettings
import java.nio.file.Path

/** `axiom.data`. */
@AxiomDsl
class DataBuilder internal constructor(private val out: Overrides) {
    /** A CSV table with a header row: sets `format = csv` and `csv.path`. */
    fun csv(path: String) {
        out["axiom.data.format"] = "csv"
        out["axiom.data.csv.path"] = path
    }

    fun csv(path: Path) = csv(path.toString())

    /** IDX image and label files (gzipped when they end in `.gz`, or `classpath:` resources). */
    fun idx(trainImages: String, trainLabels: String, testImages: String, testLabels: String) {
        out["axiom.data.format"] = "idx"
        out["axiom.data.idx.train-images"] = trainImages
        out["axiom.data.idx.train-labels"] = trainLabels
        out["axiom.data.idx.test-images"] = testImages
        out["axiom.data.idx.test-labels"] = testLabels
    }

    /**
     * A folder of class folders of images (PNG, JPEG, …), resized to `size` (height, width) with
     * `channels` 1 or 3; without [test], [testFraction] of the training images are held out.
     */
    fun imageFolder(train: String, test: String? = null, size: List<Int>? = null, channels: Int? = null) {
        out["axiom.data.format"] = "image-folder"
        out["axiom.data.image-folder.train"] = train
        if (test != null) out["axiom.data.image-folder.test"] = test
        if (size != null) out["axiom.data.image-folder.size"] = size
        if (channels != null) out["axiom.data.image-folder.channels"] = channels
    }

    /** The feature graph of the graph prior, an edge list `a,b,weight`. */
    fun graph(path: String, dropUnmatched: Boolean = false) {
        out["axiom.data.graph.path"] = path
        out["axiom.data.graph.drop-unmatched"] = dropUnmatched
    }

    /** IDX: the classes' names, in label order (empty: none). */
    var classNames: List<String>? by out.key("axiom.data.idx.class-names")
    /** Image folders: skip unreadable files and empty class folders with a warning instead of stopping. */
    var skipUnreadableImages: Boolean? by out.key("axiom.data.image-folder.skip-unreadable")
    /** CSV: a second table holding the label column (matched by [idColumn], or by row order). */
    var labelPath: String? by out.key("axiom.data.csv.label-path")
    var labelColumn: String? by out.key("axiom.data.csv.label-column")
    var labelKind: LabelKind? by out.key("axiom.data.csv.label-kind")
    /** The label's values in index order, e.g. `listOf("good", "bad")` (binary: the second is positive). */
    var labelValues: List<String>? by out.key("axiom.data.csv.label-values")
    var dropUnlabelled: Boolean? by out.key("axiom.data.csv.drop-unlabelled")
    var features: List<String>? by out.key("axiom.data.csv.features")
    var dropColumns: List<String>? by out.key("axiom.data.csv.drop-columns")
    var idColumn: String? by out.key("axiom.data.csv.id-column")
    /** Columns of numeric codes to read as categories too (one-hot). */
    var categorical: List<String>? by out.key("axiom.data.csv.categorical")
    var unseenCategory: UnseenCategory? by out.key("axiom.data.csv.unseen-category")
    /** The cells that mean "missing". */
    var missingValues: List<String>? by out.key("axiom.data.csv.missing-values")
    var missing: Missing? by out.key("axiom.data.csv.missing")
    /** With [Missing.IMPUTE]: a 0/1 feature `<column>_missing` after each number column with missing cells. */
    var missingIndicators: Boolean? by out.key("axiom.data.csv.missing-indicators")
    var validationFraction: Double? by out.key("axiom.data.validation-fraction")
    var testFraction: Double? by out.key("axiom.data.test-fraction")
    var standardize: Boolean? by out.key("axiom.data.standardize")
}

/** `axiom.model`. */
@AxiomDsl
class ModelBuilder internal constructor(private val out: Overrides) {
    /** A multilayer perceptron with these hidden widths. */
    fun mlp(vararg hidden: Int) {
        out["axiom.model.architecture"] = "mlp"
        out["axiom.model.hidden"] = hidden.toList()
    }

    /** The MNIST CNN of Erion et al. */
    fun paperCnn() {
        out["axiom.model.architecture"] = "paper-cnn"
    }

    /** A layer list in the text form, e.g. `layers("conv2d(16,3,1,1)", "relu", "flatten", "linear(10)")`. */
    fun layers(vararg layers: String) {
        out["axiom.model.architecture"] = "layers"
        out["axiom.model.layers"] = layers.toList()
    }

    /** A residual network: the stem's channels and stages of `[channels, blocks, stride]` (default: ResNet-8). */
    fun resnet(stemWidth: Int = 16, stages: List<List<Int>> = listOf(listOf(16, 1, 1), listOf(32, 1, 2), listOf(64, 1, 2))) {
        out["axiom.model.architecture"] = "resnet"
        out["axiom.model.resnet.stem-width"] = stemWidth
        out["axiom.model.resnet.stages"] = stages
    }

    /** A network read from an ONNX file, starting from its weights (`fromFile`) or afresh. */
    fun onnx(file: String, fromFile: Boolean = true) {
        out["axiom.model.architecture"] = "onnx"
        out["axiom.model.onnx.file"] = file
        out["axiom.model.onnx.init"] = if (fromFile) "file" else "random"
    }

    var activation: Activation? by out.key("axiom.model.activation")
    var dropout: Double? by out.key("axiom.model.dropout")
}

/** `axiom.train`. */
@AxiomDsl
class TrainBuilder internal constructor(private val out: Overrides) {
    var epochs: Int? by out.key("axiom.train.epochs")
    /** Globs over parameter names the optimiser leaves as they are. */
    var freeze: List<String>? by out.key("axiom.train.freeze")
    var batchSize: Int? by out.key("axiom.train.batch-size")
    var loss: TaskLoss? by out.key("axiom.train.loss")
    var optimizer: Optimizer? by out.key("axiom.train.optimizer.name")
    var learningRate: Double? by out.key("axiom.train.optimizer.learning-rate")
    /** Adam's moment decays and denominator term. */
    var beta1: Double? by out.key("axiom.train.optimizer.beta1")
    var beta2: Double? by out.key("axiom.train.optimizer.beta2")
    var epsilon: Double? by out.key("axiom.train.optimizer.epsilon")
    /** SGD's momentum, and whether it is Nesterov's. */
    var momentum: Double? by out.key("axiom.train.optimizer.momentum")
    var nesterov: Boolean? by out.key("axiom.train.optimizer.nesterov")
    var weightDecay: Double? by out.key("axiom.train.optimizer.weight-decay")
    var evaluateEveryEpochs: Int? by out.key("axiom.train.evaluate-every-epochs")
    var earlyStoppingPatience: Int? by out.key("axiom.train.early-stopping-patience")
    var checkpointEverySteps: Int? by out.key("axiom.train.checkpoint-every-steps")
    var keepCheckpoints: Int? by out.key("axiom.train.keep-checkpoints")
    var onCheckpointFailure: OnCheckpointFailure? by out.key("axiom.train.on-checkpoint-failure")
    var logEverySteps: Int? by out.key("axiom.train.log-every-steps")
    /** PyTorch intra-op threads (0: one per core). */
    var threads: Int? by out.key("axiom.train.threads")
    /** `cpu`, `gpu` (the first GPU) or `gpu:N`. */
    var device: String? by out.key("axiom.train.device")

    /** The learning-rate schedule: its kind, the factor `gamma` and, for [Schedule.STEP], the epochs between cuts. */
    fun schedule(kind: Schedule, gamma: Double? = null, every: Int? = null) {
        out["axiom.train.schedule.kind"] = kind
        if (gamma != null) out["axiom.train.schedule.gamma"] = gamma
        if (every != null) out["axiom.train.schedule.every"] = every
    }
}

/** `axiom.attribution`: the attribution method inside the prior. */
@AxiomDsl
class AttributionBuilder internal constructor(private val out: Overrides) {
    var method: AttributionMethod? by out.key("axiom.attribution.method")
    /** Expected gradients: references per sample. */
    var references: Int? by out.key("axiom.attribution.references")
    var referenceSource: ReferenceSource? by out.key("axiom.attribution.reference-source")
    /** Integrated gradients: points on the path, their rule and the baseline. */
    var steps: Int? by out.key("axiom.attribution.steps")
    var rule: Quadrature? by out.key("axiom.attribution.rule")
    var baseline: Baseline? by out.key("axiom.attribution.baseline")
    /** The output explained: `true-class`, `predicted-class` or `output-K`. */
    var target: String? by out.key("axiom.attribution.target")
    /** Attribution passes in training mode (dropout on, batch statistics), as PyTorch's `train()`. */
    var dropout: Boolean? by out.key("axiom.attribution.dropout")
}

/** `axiom.prior`: the prior Ω and its weight λ (null: the default weight). */
@AxiomDsl
class PriorBuilder internal constructor(private val out: Overrides) {
    fun none() = kind(PriorKind.NONE)
    fun gini(weight: Double? = null) = kind(PriorKind.GINI, weight)
    fun pixelSmoothness(weight: Double? = null) = kind(PriorKind.PIXEL_SMOOTHNESS, weight)
    /** Needs a feature graph: `data { graph("edges.csv") }`. */
    fun graph(weight: Double? = null) = kind(PriorKind.GRAPH, weight)

    fun kind(kind: PriorKind, weight: Double? = null) {
        out["axiom.prior.kind"] = kind
        if (weight != null) {
            out["axiom.prior.weight"] = weight
        }
    }

    var channels: Channels? by out.key("axiom.prior.channels")
    var scope: PriorScope? by out.key("axiom.prior.scope")
    /** Sparse group lasso: 1 is the lasso, 0 the group lasso. */
    var alpha: Double? by out.key("axiom.prior.alpha")
    /** Tables: one attribution per column (its one-hot features summed) for the prior. */
    var groupCategorical: Boolean? by out.key("axiom.prior.group-categorical")
}

/** `axiom.robust`: robust attribution regularization (Chen et al.) or Madry's adversarial training. */
@AxiomDsl
class RobustBuilder internal constructor(private val out: Overrides) {
    fun natural() {
        out["axiom.robust.mode"] = "natural"
    }

    fun madry() {
        out["axiom.robust.mode"] = "madry"
    }

    /** Loss(x) + λ max ‖IG(x, x')‖₁. */
    fun igNorm(lambda: Double? = null) {
        out["axiom.robust.mode"] = "ig-norm"
        if (lambda != null) out["axiom.robust.lambda"] = lambda
    }

    /** Max of loss(x') + β ‖IG(x, x')‖₁. */
    fun igSumNorm(beta: Double? = null) {
        out["axiom.robust.mode"] = "ig-sum-norm"
        if (beta != null) out["axiom.robust.beta"] = beta
    }

    /** Radius ε of the ℓ∞ ball. */
    var epsilon: Double? by out.key("axiom.robust.epsilon")
    /** The inner maximisation's sign-gradient steps, their size, and its random start. */
    var steps: Int? by out.key("axiom.robust.steps")
    var stepSize: Double? by out.key("axiom.robust.step-size")
    var randomStart: Boolean? by out.key("axiom.robust.random-start")
    /** IG points in the outer loss's ‖IG‖₁ term and inside the ascent. */
    var igSteps: Int? by out.key("axiom.robust.ig-steps")
    var attackIgSteps: Int? by out.key("axiom.robust.attack-ig-steps")
    /** The valid input range perturbed inputs are clipped to. */
    var inputMin: Double? by out.key("axiom.robust.input-min")
    var inputMax: Double? by out.key("axiom.robust.input-max")
}

/** `axiom.runtime`: what drives training, and the actor runtime's gradient workers. */
@AxiomDsl
class RuntimeBuilder internal constructor(private val out: Overrides) {
    var driver: Driver? by out.key("axiom.runtime.driver")
    var workers: Int? by out.key("axiom.runtime.workers")
    var mode: RuntimeSettings.Mode? by out.key("axiom.runtime.mode")
    var maxStaleness: Int? by out.key("axiom.runtime.max-staleness")
    var importanceDecay: Double? by out.key("axiom.runtime.importance-decay")
    var prefetch: Int? by out.key("axiom.runtime.prefetch")
    var maxAttempts: Int? by out.key("axiom.runtime.max-attempts")
    /** A directory watched for new CSV shards, trained in order as they arrive, and how often it is listed. */
    var watchDirectory: String? by out.key("axiom.runtime.watch-directory")
    var watchPollSeconds: Double? by out.key("axiom.runtime.watch-poll-seconds")
}

/** `axiom.cluster`: this node of a Pekko cluster. */
@AxiomDsl
class ClusterBuilder internal constructor(private val out: Overrides) {
    var role: ClusterRole? by out.key("axiom.cluster.role")
    var hostname: String? by out.key("axiom.cluster.hostname")
    var port: Int? by out.key("axiom.cluster.port")
    /** Contact points, e.g. `listOf("pekko://axiom@127.0.0.1:25520")`. */
    var seedNodes: List<String>? by out.key("axiom.cluster.seed-nodes")
    var remoteWorkers: Int? by out.key("axiom.cluster.remote-workers")
    var workersPerNode: Int? by out.key("axiom.cluster.workers-per-node")
    var onNodeLoss: OnNodeLoss? by out.key("axiom.cluster.on-node-loss")
    var chunkFloats: Int? by out.key("axiom.cluster.chunk-floats")
    var downAfterSeconds: Double? by out.key("axiom.cluster.down-after-seconds")
    /** Take in workers on nodes that join while the run trains. */
    var elastic: Boolean? by out.key("axiom.cluster.elastic")
}

/** `axiom.report`: the run report's figures. */
@AxiomDsl
class ReportBuilder internal constructor(private val out: Overrides) {
    var panelImages: Int? by out.key("axiom.report.panel-images")
    var topFeatures: Int? by out.key("axiom.report.top-features")
    var references: Int? by out.key("axiom.report.references")
}
