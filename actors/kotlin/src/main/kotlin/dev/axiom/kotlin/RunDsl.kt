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
    /** `axiom.data-root`: the folder of the full data sets that presets refer to. */
    var dataRoot: String? by out.key("axiom.data-root")
    /** `axiom.logging.format`. */
    var logFormat: LogFormat? by out.key("axiom.logging.format")

    fun data(block: DataBuilder.() -> Unit) = DataBuilder(out).block()
    fun model(block: ModelBuilder.() -> Unit) = ModelBuilder(out).block()
    fun train(block: TrainBuilder.() -> Unit) = TrainBuilder(out).block()
    fun attribution(block: AttributionBuilder.() -> Unit) = AttributionBuilder(out).block()
    fun prior(block: PriorBuilder.() -> Unit) = PriorBuilder(out).block()
    fun robust(block: RobustBuilder.() -> Unit) = RobustBuilder(out).block()
    fun runtime(block: RuntimeBuilder.() -> Unit) = RuntimeBuilder(out).block()
    fun cluster(block: ClusterBuilder.() -> Unit) = ClusterBuilder(out).block()
    fun report(block: ReportBuilder.() -> Unit) = ReportBuilder(out).block()

    /** Any other key of `reference.conf`, e.g. `set("axiom.report.references", 50)`. */
    fun set(key: String, value: Any?) = out.set(key, value)
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

    /** The keys written so far. */
    fun keys(): Set<String> = values.keys.toSet()
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
