package dev.axiom.kotlin

/** A word a setting takes, by its name in `reference.conf`. */
interface SettingWord {
    val word: String
}

enum class LabelKind(override val word: String) : SettingWord { CLASS("class"), BINARY("binary"), REAL("real") }

enum class Missing(override val word: String) : SettingWord { ERROR("error"), IMPUTE("impute") }

/** `axiom.data.csv.unseen-category`: a category the training split never had, in other data. */
enum class UnseenCategory(override val word: String) : SettingWord { ERROR("error"), IGNORE("ignore") }

enum class Activation(override val word: String) : SettingWord {
    RELU("relu"), SOFTPLUS("softplus"), TANH("tanh"), SIGMOID("sigmoid")
}

/** `axiom.train.loss` (`AUTO`: from the labels). */
enum class TaskLoss(override val word: String) : SettingWord {
    AUTO("auto"), CROSS_ENTROPY("cross-entropy"), BINARY_CROSS_ENTROPY("binary-cross-entropy"), MSE("mse")
}

enum class Optimizer(override val word: String) : SettingWord { ADAM("adam"), SGD("sgd") }

/** `axiom.train.schedule.kind`: the learning rate kept, or multiplied by `gamma` every epoch or every `every` epochs. */
enum class Schedule(override val word: String) : SettingWord { CONSTANT("constant"), EXPONENTIAL("exponential"), STEP("step") }

/** `axiom.train.on-checkpoint-failure`: what a checkpoint that cannot be written does to the run. */
enum class OnCheckpointFailure(override val word: String) : SettingWord { STOP("stop"), CONTINUE("continue") }

enum class AttributionMethod(override val word: String) : SettingWord {
    EXPECTED_GRADIENTS("eg"), INTEGRATED_GRADIENTS("ig"), GRADIENTS("grad"), GRADIENT_TIMES_INPUT("gradxinput")
}

/** `axiom.attribution.reference-source`: where expected gradients draws its references. */
enum class ReferenceSource(override val word: String) : SettingWord { SHIFTED_BATCH("shifted-batch"), TRAINING_SET("training-set") }

/** `axiom.attribution.rule`: the quadrature of integrated gradients' path integral. */
enum class Quadrature(override val word: String) : SettingWord {
    RIEMANN_LEFT("riemann-left"), RIEMANN_RIGHT("riemann-right"), RIEMANN_MIDDLE("riemann-middle"), TRAPEZOID("trapezoid")
}

/** `axiom.attribution.baseline`: integrated gradients' baseline. */
enum class Baseline(override val word: String) : SettingWord { ZEROS("zeros"), MEAN("mean") }

enum class PriorKind(override val word: String) : SettingWord {
    NONE("none"), PIXEL_SMOOTHNESS("pixel-smoothness"), GRAPH("graph"), GINI("gini"),
    ATTRIBUTION_L1("attribution-l1"), ATTRIBUTION_L2("attribution-l2"),
    WEIGHT_L1("weight-l1"), WEIGHT_L2("weight-l2"), SPARSE_GROUP_LASSO("sparse-group-lasso"),
}

/** `axiom.prior.channels`: how the pixel prior folds an image's channels. */
enum class Channels(override val word: String) : SettingWord { SUM("sum"), MEAN("mean") }

/** `axiom.prior.scope`: the layers a weight prior covers. */
enum class PriorScope(override val word: String) : SettingWord { ALL_LAYERS("all-layers"), FIRST_LAYER("first-layer") }

/** `axiom.runtime.driver`: the actor runtime or the plain loop. */
enum class Driver(override val word: String) : SettingWord { ACTORS("actors"), PLAIN("plain") }

/** `axiom.cluster.role`. */
enum class ClusterRole(override val word: String) : SettingWord { TRAINER("trainer"), WORKER("worker") }

/** `axiom.cluster.on-node-loss`: what the trainer does when a worker node leaves. */
enum class OnNodeLoss(override val word: String) : SettingWord { CONTINUE("continue"), STOP("stop") }

/** `axiom.logging.format`. */
enum class LogFormat(override val word: String) : SettingWord { TEXT("text"), JSON("json") }
