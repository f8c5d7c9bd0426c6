package dev.axiom.kotlin

import dev.axiom.run.config.SettingsException
import dev.axiom.runtime.RuntimeSettings
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.assertThatThrownBy
import org.junit.jupiter.api.Test

class RunDslTest {

    @Test
    fun `every block maps to its keys in reference conf`() {
        val spec = axiomRun {
            seed = 3
            data {
                csv("/data/table.csv")
                labelColumn = "y"
                labelKind = LabelKind.CLASS
                features = listOf("a", "b")
                missing = Missing.IMPUTE
                validationFraction = 0.2
            }
            model { mlp(16, 8); activation = Activation.TANH; dropout = 0.1 }
            train { epochs = 2; batchSize = 20; optimizer = Optimizer.SGD; learningRate = 1e-3; threads = 1 }
            attribution { method = AttributionMethod.INTEGRATED_GRADIENTS; steps = 30 }
            prior { gini(weight = 0.01) }
            runtime { workers = 2; mode = RuntimeSettings.Mode.ASYNCHRONOUS; importanceDecay = 0.9 }
        }
        val c = spec.config
        assertThat(c.getLong("axiom.seed")).isEqualTo(3)
        assertThat(c.getString("axiom.data.format")).isEqualTo("csv")
        assertThat(c.getString("axiom.data.csv.path")).isEqualTo("/data/table.csv")
        assertThat(c.getString("axiom.data.csv.label-column")).isEqualTo("y")
        assertThat(c.getString("axiom.data.csv.label-kind")).isEqualTo("class")
        assertThat(c.getStringList("axiom.data.csv.features")).containsExactly("a", "b")
        assertThat(c.getString("axiom.data.csv.missing")).isEqualTo("impute")
        assertThat(c.getDouble("axiom.data.validation-fraction")).isEqualTo(0.2)
        assertThat(c.getString("axiom.model.architecture")).isEqualTo("mlp")
        assertThat(c.getIntList("axiom.model.hidden")).containsExactly(16, 8)
        assertThat(c.getString("axiom.model.activation")).isEqualTo("tanh")
        assertThat(c.getDouble("axiom.model.dropout")).isEqualTo(0.1)
        assertThat(c.getInt("axiom.train.epochs")).isEqualTo(2)
        assertThat(c.getInt("axiom.train.batch-size")).isEqualTo(20)
        assertThat(c.getString("axiom.train.optimizer.name")).isEqualTo("sgd")
        assertThat(c.getDouble("axiom.train.optimizer.learning-rate")).isEqualTo(1e-3)
        assertThat(c.getInt("axiom.train.threads")).isEqualTo(1)
        assertThat(c.getString("axiom.attribution.method")).isEqualTo("ig")
        assertThat(c.getInt("axiom.attribution.steps")).isEqualTo(30)
        assertThat(c.getString("axiom.prior.kind")).isEqualTo("gini")
        assertThat(c.getDouble("axiom.prior.weight")).isEqualTo(0.01)
        assertThat(c.getInt("axiom.runtime.workers")).isEqualTo(2)
        assertThat(c.getString("axiom.runtime.mode")).isEqualTo("asynchronous")
        assertThat(c.getDouble("axiom.runtime.importance-decay")).isEqualTo(0.9)
        // What the DSL did not set keeps its reference.conf default.
        assertThat(c.getString("axiom.train.schedule.kind")).isEqualTo("exponential")
        assertThat(c.getInt("axiom.runtime.prefetch")).isEqualTo(4)
        // The typed view agrees.
        assertThat(spec.settings.runtime().workers()).isEqualTo(2)
        assertThat(spec.settings.model().hidden()).containsExactly(16, 8)
        assertThat(spec.overrides).contains("axiom.train.epochs=2", "axiom.model.hidden=[16, 8]", "axiom.prior.kind=\"gini\"")
    }

    @Test
    fun `networks users bring map to their keys`() {
        val resnet = axiomRun {
            model { resnet(stemWidth = 8, stages = listOf(listOf(8, 2, 1), listOf(16, 1, 2))) }
            train { freeze = listOf("conv*", "blocks.0.*") }
        }
        assertThat(resnet.config.getString("axiom.model.architecture")).isEqualTo("resnet")
        assertThat(resnet.settings.model().resnet().stemWidth()).isEqualTo(8)
        assertThat(resnet.settings.model().resnet().stages()).containsExactly(listOf(8, 2, 1), listOf(16, 1, 2))
        assertThat(resnet.settings.train().freeze()).containsExactly("conv*", "blocks.0.*")
        val onnx = axiomRun { model { onnx("/models/net.onnx", fromFile = false) } }
        assertThat(onnx.settings.model().onnx().file()).isEqualTo("/models/net.onnx")
        assertThat(onnx.settings.model().onnx().init()).isEqualTo("random")
    }

    @Test
    fun `strings reach the configuration whole, whatever they contain`() {
        val awkward = "C:\\runs//a #1 \"quoted\" \${axiom.seed}, [x].csv"
        val spec = axiomRun {
            data { csv(awkward) }
            set("axiom.report.references", 50)
        }
        assertThat(spec.config.getString("axiom.data.csv.path")).isEqualTo(awkward)
        assertThat(spec.config.getInt("axiom.report.references")).isEqualTo(50)
    }

    @Test
    fun `the last write to a key wins, and null restores the default`() {
        val spec = axiomRun {
            train { epochs = 2; epochs = 4; batchSize = 7; batchSize = null }
            prior { gini(weight = 0.5); none() }
        }
        assertThat(spec.config.getInt("axiom.train.epochs")).isEqualTo(4)
        assertThat(spec.config.getInt("axiom.train.batch-size")).isEqualTo(50)
        assertThat(spec.config.getString("axiom.prior.kind")).isEqualTo("none")
        assertThat(spec.config.getDouble("axiom.prior.weight")).isEqualTo(0.5)
        assertThat(spec.overrides.filter { it.startsWith("axiom.train.epochs=") }).containsExactly("axiom.train.epochs=4")
    }

    @Test
    fun `bad values are rejected by the settings checks, naming the key`() {
        assertThatThrownBy { axiomRun { train { epochs = -1 } } }
            .isInstanceOf(SettingsException::class.java).hasMessageContaining("axiom.train.epochs")
        assertThatThrownBy { axiomRun { train { batchSize = 0 } } }
            .isInstanceOf(SettingsException::class.java).hasMessageContaining("axiom.train.batch-size")
        assertThatThrownBy { axiomRun { runtime { importanceDecay = 1.0 } } }
            .isInstanceOf(SettingsException::class.java).hasMessageContaining("axiom.runtime.importance-decay")
        assertThatThrownBy { axiomRun { model { mlp(16, 0) } } }
            .isInstanceOf(SettingsException::class.java).hasMessageContaining("axiom.model.hidden")
        assertThatThrownBy { axiomRun { train { learningRate = Double.NaN } } }
            .isInstanceOf(SettingsException::class.java).hasMessageContaining("axiom.train.optimizer.learning-rate")
        assertThatThrownBy { axiomRun { prior { graph(weight = 0.1) } } }
            .isInstanceOf(SettingsException::class.java).hasMessageContaining("axiom.data.graph.path")
    }

    @Test
    fun `an unknown key is rejected naming the closest valid one`() {
        assertThatThrownBy { axiomRun { set("axiom.train.epoch", 2) } }
            .isInstanceOf(SettingsException::class.java)
            .hasMessageContaining("unknown key 'axiom.train.epoch'")
            .hasMessageContaining("did you mean 'axiom.train.epochs'?")
    }
}
