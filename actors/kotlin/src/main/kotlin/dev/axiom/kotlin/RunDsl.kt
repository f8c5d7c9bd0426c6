package dev.axiom.kotlin

import com.typesafe.config.Config
import dev.axiom.run.config.RunSettings
import dev.axiom.run.config.SettingsLoader
import dev.axiom.runtime.RuntimeSettings
import java.nio.file.Path
import kotlin.properties.ReadWriteProperty
import kotlin.reflect.KProperty

/**
 * A run's settings written as Kotlin: each property or call of the DSL is one `key=value` override
 * of `reference.conf` (the same strings `./axiom train --set` takes), layered over [base] if given.
 * The result is checked as every run's settings are, by [SettingsLoader] (unknown keys) and
 * [RunSettings.from] (types and ranges): a bad value throws a
 * [dev.axiom.run.config.SettingsException] naming the key, the value and what is allowed. The DSL
 * itself only maps names to keys; defaults stay in `reference.conf`.
 *
 * ```
 * val spec = axiomRun {
 *     seed = 3
 *     data { csv("table.csv"); labelColumn = "y"; labelKind = LabelKind.CLASS }
 *     model { mlp(16, 8) }
 *     train { epochs = 2; batchSize = 20 }
 *     prior { gini(weight = 0.01) }
 *     runtime { workers = 2 }
 * }
 * ```
 */
fun axiomRun(base: Path? = null, block: RunBuilder.() -> Unit): RunSpec {
    val overrides = Overrides().also { RunBuilder(it).block() }.toList()
    val config = SettingsLoader.load(base, overrides)
    return RunSpec(base, overrides, config, RunSettings.from(config))
}

/** Validated settings of a run: the [overrides] over [base], the resolved [config] and its typed [settings]. */
class RunSpec internal constructor(
    val base: Path?,
    val overrides: List<String>,
    val config: Config,
    val settings: RunSettings,
) {
    override fun toString(): String = "RunSpec(base=$base, overrides=$overrides)"
}

/** Keeps the receivers of nested blocks apart (no `epochs` inside `model { }`). */
@DslMarker
annotation class AxiomDsl

/** `axiom.*`: the run as a whole. */
@AxiomDsl
class RunBuilder internal constructor(private val out: Overrides) {
    /** `axiom.seed`. */
    var seed: Long? by out.key("axiom.seed")

    fun data(block: DataBuilder.() -> Unit) = DataBuilder(out).block()
    fun model(block: ModelBuilder.() -> Unit) = ModelBuilder(out).block()
    fun train(block: TrainBuilder.() -> Unit) = TrainBuilder(out).block()
    fun attribution(block: AttributionBuilder.() -> Unit) = AttributionBuilder(out).block()
    fun prior(block: PriorBuilder.() -> Unit) = PriorBuilder(out).block()
    fun runtime(block: RuntimeBuilder.() -> Unit) = RuntimeBuilder(out).block()

    /** Any other key of `reference.conf`, e.g. `set("axiom.report.references", 50)`. */
    fun set(key: String, value: Any?) = out.set(key, value)
}

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

    /** The feature graph of the graph prior, an edge list `a,b,weight`. */
    fun graph(path: String, dropUnmatched: Boolean = false) {
        out["axiom.data.graph.path"] = path
        out["axiom.data.graph.drop-unmatched"] = dropUnmatched
    }

    var labelColumn: String? by out.key("axiom.data.csv.label-column")
    var labelKind: LabelKind? by out.key("axiom.data.csv.label-kind")
    var features: List<String>? by out.key("axiom.data.csv.features")
    var dropColumns: List<String>? by out.key("axiom.data.csv.drop-columns")
    var idColumn: String? by out.key("axiom.data.csv.id-column")
    var missing: Missing? by out.key("axiom.data.csv.missing")
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
    var optimizer: Optimizer? by out.key("axiom.train.optimizer.name")
    var learningRate: Double? by out.key("axiom.train.optimizer.learning-rate")
    var evaluateEveryEpochs: Int? by out.key("axiom.train.evaluate-every-epochs")
    var earlyStoppingPatience: Int? by out.key("axiom.train.early-stopping-patience")
    var checkpointEverySteps: Int? by out.key("axiom.train.checkpoint-every-steps")
    var keepCheckpoints: Int? by out.key("axiom.train.keep-checkpoints")
    var logEverySteps: Int? by out.key("axiom.train.log-every-steps")
    /** PyTorch intra-op threads (0: one per core). */
    var threads: Int? by out.key("axiom.train.threads")
}

/** `axiom.attribution`: the attribution method inside the prior. */
@AxiomDsl
class AttributionBuilder internal constructor(private val out: Overrides) {
    var method: AttributionMethod? by out.key("axiom.attribution.method")
    /** Expected gradients: references per sample. */
    var references: Int? by out.key("axiom.attribution.references")
    /** Integrated gradients: points on the path. */
    var steps: Int? by out.key("axiom.attribution.steps")
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
}

/** `axiom.runtime`: the actor runtime's gradient workers. */
@AxiomDsl
class RuntimeBuilder internal constructor(private val out: Overrides) {
    var workers: Int? by out.key("axiom.runtime.workers")
    var mode: RuntimeSettings.Mode? by out.key("axiom.runtime.mode")
    var maxStaleness: Int? by out.key("axiom.runtime.max-staleness")
    var importanceDecay: Double? by out.key("axiom.runtime.importance-decay")
    var prefetch: Int? by out.key("axiom.runtime.prefetch")
    var maxAttempts: Int? by out.key("axiom.runtime.max-attempts")
}

/** A word a setting takes, by its name in `reference.conf`. */
interface SettingWord {
    val word: String
}

enum class LabelKind(override val word: String) : SettingWord { CLASS("class"), BINARY("binary"), REAL("real") }

enum class Missing(override val word: String) : SettingWord { ERROR("error"), IMPUTE("impute") }

enum class Activation(override val word: String) : SettingWord {
    RELU("relu"), SOFTPLUS("softplus"), TANH("tanh"), SIGMOID("sigmoid")
}

enum class Optimizer(override val word: String) : SettingWord { ADAM("adam"), SGD("sgd") }

enum class AttributionMethod(override val word: String) : SettingWord {
    EXPECTED_GRADIENTS("eg"), INTEGRATED_GRADIENTS("ig"), GRADIENTS("grad"), GRADIENT_TIMES_INPUT("gradxinput")
}

enum class PriorKind(override val word: String) : SettingWord {
    NONE("none"), PIXEL_SMOOTHNESS("pixel-smoothness"), GRAPH("graph"), GINI("gini"),
    ATTRIBUTION_L1("attribution-l1"), ATTRIBUTION_L2("attribution-l2"),
    WEIGHT_L1("weight-l1"), WEIGHT_L2("weight-l2"), SPARSE_GROUP_LASSO("sparse-group-lasso"),
}

/** The overrides written so far, in order, one per key (the last write wins). */
internal class Overrides {
    private val values = LinkedHashMap<String, Any?>()

    operator fun set(key: String, value: Any?) {
        values.remove(key)
        values[key] = value
    }

    /** A property backed by [key]; setting it to null removes the override (the default applies). */
    fun <T> key(key: String) = object : ReadWriteProperty<Any?, T?> {
        @Suppress("UNCHECKED_CAST")
        override fun getValue(thisRef: Any?, property: KProperty<*>): T? = values[key] as T?

        override fun setValue(thisRef: Any?, property: KProperty<*>, value: T?) {
            if (value == null) values.remove(key) else set(key, value)
        }
    }

    fun toList(): List<String> = values.map { (k, v) -> "$k=${hocon(v)}" }
}

/** [value] as a HOCON value: strings quoted (so paths with `//` or `#` stay whole), lists in brackets. */
internal fun hocon(value: Any?): String = when (value) {
    null -> "null"
    is String -> quoted(value)
    is SettingWord -> quoted(value.word)
    is RuntimeSettings.Mode -> quoted(value.name.lowercase())
    is Boolean, is Int, is Long -> value.toString()
    is Double -> if (value.isFinite()) value.toString() else quoted(value.toString())
    is Path -> quoted(value.toString())
    is Collection<*> -> value.joinToString(", ", "[", "]") { hocon(it) }
    is Number -> value.toString()
    else -> throw IllegalArgumentException("no HOCON form for ${value::class.qualifiedName}: $value")
}

private fun quoted(s: String): String = buildString {
    append('"')
    for (c in s) {
        when {
            c == '"' -> append("\\\"")
            c == '\\' -> append("\\\\")
            c < ' ' -> append("\\u%04x".format(c.code))
            else -> append(c)
        }
    }
    append('"')
}
