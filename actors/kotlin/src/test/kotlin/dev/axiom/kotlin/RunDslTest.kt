package dev.axiom.kotlin

import com.typesafe.config.ConfigFactory
import com.typesafe.config.ConfigObject
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
    fun `every key of reference conf has its place in the DSL`() {
        val out = Overrides()
        RunBuilder(out).apply {
            seed = 1; dataRoot = "/data"; logFormat = LogFormat.JSON
            data {
                csv("t.csv"); idx("a", "b", "c", "d"); imageFolder("train", "test", listOf(32, 32), 3); graph("g.csv", true)
                classNames = listOf("x"); skipUnreadableImages = true; labelPath = "l.csv"; labelColumn = "y"
                labelKind = LabelKind.REAL; labelValues = listOf("no", "yes"); dropUnlabelled = true; features = listOf("a")
                dropColumns = listOf("b"); idColumn = "id"; categorical = listOf("c"); unseenCategory = UnseenCategory.IGNORE
                missingValues = listOf("-"); missing = Missing.IMPUTE; missingIndicators = true
                validationFraction = 0.1; testFraction = 0.1; standardize = false
            }
            model { mlp(4); layers("relu"); resnet(); onnx("m.onnx"); activation = Activation.RELU; dropout = 0.0 }
            train {
                epochs = 1; freeze = listOf("x"); batchSize = 1; loss = TaskLoss.MSE; optimizer = Optimizer.ADAM
                learningRate = 0.1; beta1 = 0.9; beta2 = 0.99; epsilon = 1e-8; momentum = 0.5; nesterov = true
                weightDecay = 0.1; evaluateEveryEpochs = 1; earlyStoppingPatience = 1; checkpointEverySteps = 1
                keepCheckpoints = 1; onCheckpointFailure = OnCheckpointFailure.CONTINUE; logEverySteps = 1; threads = 1
                device = "cpu"; schedule(Schedule.STEP, gamma = 0.5, every = 2)
            }
            attribution {
                method = AttributionMethod.EXPECTED_GRADIENTS; references = 1; referenceSource = ReferenceSource.TRAINING_SET
                steps = 1; rule = Quadrature.TRAPEZOID; baseline = Baseline.MEAN; target = "output-0"; dropout = true
            }
            prior { gini(0.1); channels = Channels.MEAN; scope = PriorScope.FIRST_LAYER; alpha = 0.5; groupCategorical = true }
            robust {
                igNorm(1.0); igSumNorm(0.1); epsilon = 0.1; steps = 1; stepSize = 0.1; randomStart = true; igSteps = 1
                attackIgSteps = 1; inputMin = 0.0; inputMax = 1.0
            }
            runtime {
                driver = Driver.ACTORS; workers = 1; mode = RuntimeSettings.Mode.SYNCHRONOUS; maxStaleness = 1
                importanceDecay = 0.0; prefetch = 1; maxAttempts = 1; watchDirectory = "w"; watchPollSeconds = 1.0
            }
            cluster {
                role = ClusterRole.WORKER; hostname = "h"; port = 1; seedNodes = listOf("s"); remoteWorkers = 1
                workersPerNode = 1; onNodeLoss = OnNodeLoss.STOP; chunkFloats = 2048; downAfterSeconds = 1.0; elastic = true
            }
            report { panelImages = 1; topFeatures = 1; references = 1 }
        }
        val reference = leafKeys(ConfigFactory.defaultReference().getObject("axiom"), "axiom")

        assertThat(reference).hasSizeGreaterThan(100)
        assertThat(out.keys()).`as`("keys of reference.conf the DSL cannot write (add them to a block)")
            .containsAll(reference)
        assertThat(reference).`as`("keys the DSL writes that reference.conf lacks").containsAll(out.keys())
    }

    /** Every leaf key under [obj], null values included (`Config.entrySet` leaves those out). */
    private fun leafKeys(obj: ConfigObject, prefix: String): Set<String> = obj.entries.flatMap { (k, v) ->
        if (v is ConfigObject) leafKeys(v, "$prefix.$k") else listOf("$prefix.$k")
    }.toSet()

    @Test
    fun `the newer blocks reach the typed settings`() {
        val spec = axiomRun {
            logFormat = LogFormat.JSON
            data { imageFolder("/images/train", size = listOf(32, 32), channels = 3); skipUnreadableImages = true }
            model { resnet() }
            train { device = "cpu"; loss = TaskLoss.CROSS_ENTROPY; schedule(Schedule.STEP, gamma = 0.5, every = 3); weightDecay = 1e-4 }
            attribution { rule = Quadrature.TRAPEZOID; baseline = Baseline.MEAN; target = "predicted-class" }
            prior { none() }
            robust { igNorm(lambda = 0.5); epsilon = 0.05; steps = 4 }
            cluster { role = ClusterRole.WORKER; seedNodes = listOf("pekko://axiom@127.0.0.1:25520"); elastic = true }
            report { panelImages = 4 }
        }
        val s = spec.settings
        assertThat(s.data().format()).isEqualTo("image-folder")
        assertThat(s.data().imageFolder().train()).isEqualTo("/images/train")
        assertThat(spec.config.getIntList("axiom.data.image-folder.size")).containsExactly(32, 32)
        assertThat(spec.config.getInt("axiom.data.image-folder.channels")).isEqualTo(3)
        assertThat(spec.config.getBoolean("axiom.data.image-folder.skip-unreadable")).isTrue()
        assertThat(s.train().device()).isEqualTo("cpu")
        assertThat(s.train().loss()).isEqualTo("cross-entropy")
        assertThat(spec.config.getString("axiom.train.schedule.kind")).isEqualTo("step")
        assertThat(spec.config.getDouble("axiom.train.schedule.gamma")).isEqualTo(0.5)
        assertThat(spec.config.getInt("axiom.train.schedule.every")).isEqualTo(3)
        assertThat(spec.config.getDouble("axiom.train.optimizer.weight-decay")).isEqualTo(1e-4)
        assertThat(spec.config.getString("axiom.attribution.rule")).isEqualTo("trapezoid")
        assertThat(spec.config.getString("axiom.attribution.baseline")).isEqualTo("mean")
        assertThat(spec.config.getString("axiom.attribution.target")).isEqualTo("predicted-class")
        assertThat(s.robust().mode()).isEqualTo("ig-norm")
        assertThat(s.robust().lambda()).isEqualTo(0.5)
        assertThat(s.robust().epsilon()).isEqualTo(0.05)
        assertThat(s.cluster().role()).isEqualTo("worker")
        assertThat(s.cluster().elastic()).isTrue()
        assertThat(s.report().panelImages()).isEqualTo(4)
        assertThat(s.logging().format()).isEqualTo("json")
        assertThatThrownBy { axiomRun { train { device = "tpu" } } }
            .isInstanceOf(SettingsException::class.java).hasMessageContaining("axiom.train.device")
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
