package dev.axiom.run.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading settings into records: the defaults, and for a wrong type or range a message that names
 * the key, the value as written, what is allowed and where it was set.
 */
class RunSettingsTest {

    @TempDir
    Path tmp;

    private static RunSettings with(String... overrides) {
        return RunSettings.from(SettingsLoader.load(null, List.of(overrides)));
    }

    @Test
    void theDefaultsAreReadAsInReferenceConf() {
        Config ref = ConfigFactory.defaultReference();

        RunSettings s = with();

        assertThat(s.seed()).isEqualTo(ref.getLong("axiom.seed"));
        assertThat(s.data().format()).isEqualTo(ref.getString("axiom.data.format"));
        assertThat(s.data().csv().path()).isNull();
        assertThat(s.data().validationFraction()).isEqualTo(ref.getDouble("axiom.data.validation-fraction"));
        assertThat(s.data().testFraction()).isEqualTo(ref.getDouble("axiom.data.test-fraction"));
        assertThat(s.model().architecture()).isEqualTo(ref.getString("axiom.model.architecture"));
        assertThat(s.model().hidden()).isEqualTo(ref.getIntList("axiom.model.hidden"));
        assertThat(s.train().epochs()).isEqualTo(ref.getInt("axiom.train.epochs"));
        assertThat(s.train().batchSize()).isEqualTo(ref.getInt("axiom.train.batch-size"));
        assertThat(s.train().optimizer().learningRate()).isEqualTo(ref.getDouble("axiom.train.optimizer.learning-rate"));
        assertThat(s.train().optimizer().beta1()).isEqualTo(ref.getDouble("axiom.train.optimizer.beta1"));
        assertThat(s.train().optimizer().beta2()).isEqualTo(ref.getDouble("axiom.train.optimizer.beta2"));
        assertThat(s.attribution().method()).isEqualTo(ref.getString("axiom.attribution.method"));
        assertThat(s.prior().kind()).isEqualTo(ref.getString("axiom.prior.kind"));
        assertThat(s.prior().weight()).isEqualTo(ref.getDouble("axiom.prior.weight"));
    }

    @Test
    void deviceAndLogFormatDefaultToCpuAndText() {
        RunSettings s = with();

        assertThat(s.train().device()).isEqualTo("cpu");
        assertThat(s.logging().format()).isEqualTo("text");
        assertThat(s.logging().json()).isFalse();
        assertThat(with("axiom.train.device=gpu").train().device()).isEqualTo("gpu");
        assertThat(with("axiom.train.device=\"gpu:1\"").train().device()).isEqualTo("gpu:1");
        assertThat(with("axiom.logging.format=json").logging().json()).isTrue();
    }

    @Test
    void aDeviceOtherThanCpuOrGpuNamesTheKey() {
        assertThatThrownBy(() -> with("axiom.train.device=tpu"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("axiom.train.device = \"tpu\" is not allowed: expected cpu, gpu or gpu:N with N a GPU number"
                        + " (0 for the first) (from --set)");
        assertThatThrownBy(() -> with("axiom.train.device=\"gpu:x\""))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("axiom.train.device");
        assertThatThrownBy(() -> with("axiom.logging.format=xml"))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("axiom.logging.format").hasMessageContaining("text, json");
    }

    @Test
    void overridesAreRead() {
        RunSettings s = with("axiom.seed=7", "axiom.train.epochs=2", "axiom.data.csv.id-column=id", "axiom.model.hidden=[8]");

        assertThat(s.seed()).isEqualTo(7);
        assertThat(s.train().epochs()).isEqualTo(2);
        assertThat(s.data().csv().idColumn()).isEqualTo("id");
        assertThat(s.model().hidden()).containsExactly(8);
    }

    @Test
    void robustTrainingIsReadAndBecomesTheObjectivesInnerMaximisation() {
        RunSettings s = with("axiom.robust.mode=ig-sum-norm", "axiom.robust.epsilon=0.05", "axiom.robust.steps=7",
                "axiom.robust.beta=0.2", "axiom.robust.input-max=2");

        var robust = dev.axiom.run.Objectives.robust(s.robust());
        assertThat(robust.mode()).isEqualTo(dev.axiom.robust.RobustMode.IG_SUM_NORM);
        assertThat(robust.ascent().ball()).isEqualTo(new dev.axiom.attack.LinfBall(0.05, 0, 2));
        assertThat(robust.ascent().steps()).isEqualTo(7);
        assertThat(robust.attributionWeight()).isEqualTo(0.2);
        assertThat(dev.axiom.run.Objectives.robust(with().robust()).perturbs()).as("natural by default").isFalse();
    }

    @Test
    void badRobustSettingsNameTheKey() {
        assertThatThrownBy(() -> with("axiom.robust.mode=trades"))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("axiom.robust.mode").hasMessageContaining("ig-norm");
        assertThatThrownBy(() -> with("axiom.robust.mode=ig-norm", "axiom.robust.random-start=false"))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("axiom.robust.random-start");
        assertThatThrownBy(() -> with("axiom.robust.input-min=1", "axiom.robust.input-max=0"))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("axiom.robust.input-max");
    }

    @Test
    void aWordWhereANumberBelongsNamesKeyValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> with("axiom.train.epochs=many"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("axiom.train.epochs = \"many\" is not allowed: expected a whole number >= 0 (from --set)");
    }

    @Test
    void aFractionWhereAWholeNumberBelongsIsRejected() {
        assertThatThrownBy(() -> with("axiom.train.batch-size=2.5"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("axiom.train.batch-size = 2.5 is not allowed: expected a whole number >= 1 (from --set)");
    }

    @Test
    void aFractionalSeedIsRejected() {
        assertThatThrownBy(() -> with("axiom.seed=1.5"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("axiom.seed = 1.5 is not allowed: expected a whole number (from --set)");
    }

    @Test
    void aWholeNumberOutOfRangeNamesTheRange() {
        assertThatThrownBy(() -> with("axiom.report.panel-images=65"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("axiom.report.panel-images = 65 is not allowed: expected a whole number from 0 to 64 (from --set)");
    }

    @Test
    void aNumberTooLargeForAWholeNumberSettingIsRejected() {
        assertThatThrownBy(() -> with("axiom.train.epochs=1e12"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("axiom.train.epochs = 1000000000000 is not allowed: expected a whole number >= 0 (from --set)");
    }

    @Test
    void aRealNumberOutOfRangeNamesTheRange() {
        assertThatThrownBy(() -> with("axiom.train.optimizer.learning-rate=0"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("axiom.train.optimizer.learning-rate = 0 is not allowed: expected a number > 0 (from --set)");
    }

    @Test
    void aFractionAboveItsLimitNamesTheLimit() {
        assertThatThrownBy(() -> with("axiom.model.dropout=1"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("axiom.model.dropout = 1 is not allowed: expected a number >= 0 and <= 0.99 (from --set)");
    }

    @Test
    void aWordNotInTheListNamesTheAllowedWords() {
        assertThatThrownBy(() -> with("axiom.train.optimizer.name=adamw"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("axiom.train.optimizer.name = \"adamw\" is not allowed: expected one of adam, sgd (from --set)");
    }

    @Test
    void nullWhereANumberBelongsIsRejected() {
        assertThatThrownBy(() -> with("axiom.train.epochs=null"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("axiom.train.epochs = null is not allowed: expected a whole number >= 0 (from --set)");
    }

    @Test
    void nullWhereAWordBelongsIsRejected() {
        assertThatThrownBy(() -> with("axiom.prior.kind=null"))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("axiom.prior.kind = null is not allowed: expected one of none, pixel-smoothness,");
    }

    @Test
    void nullWhereAListBelongsIsRejected() {
        assertThatThrownBy(() -> with("axiom.model.hidden=null"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("axiom.model.hidden = null is not allowed: expected a list of whole numbers >= 1 (from --set)");
    }

    @Test
    void nullIsAllowedWhereTheDefaultIsNull() {
        assertThat(with("axiom.data.csv.id-column=null").data().csv().idColumn()).isNull();
    }

    @Test
    void aBadBooleanNamesTrueAndFalse() {
        assertThatThrownBy(() -> with("axiom.data.standardize=maybe"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("axiom.data.standardize = \"maybe\" is not allowed: expected true or false (from --set)");
    }

    @Test
    void aListWithABadElementIsRejected() {
        assertThatThrownBy(() -> with("axiom.model.hidden=[16, 0]"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("axiom.model.hidden = [16,0] is not allowed: expected a list of whole numbers >= 1 (from --set)");
    }

    @Test
    void aListWithAFractionIsRejected() {
        assertThatThrownBy(() -> with("axiom.model.hidden=[16, 2.5]"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("axiom.model.hidden = [16,2.5] is not allowed: expected a list of whole numbers >= 1 (from --set)");
    }

    @Test
    void aSingleWordWhereAListBelongsIsRejected() {
        assertThatThrownBy(() -> with("axiom.data.csv.features=age"))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("axiom.data.csv.features = \"age\" is not allowed: expected a list of strings");
    }

    @Test
    void aBadValueInAFileNamesTheFileAndLine() throws IOException {
        Path f = tmp.resolve("run.conf");
        Files.writeString(f, "axiom {\n  train.batch-size = 0\n}\n");

        assertThatThrownBy(() -> RunSettings.from(SettingsLoader.load(f, List.of())))
                .isInstanceOf(SettingsException.class)
                .hasMessage("axiom.train.batch-size = 0 is not allowed: expected a whole number >= 1 (in " + f + ", line 2)");
    }

    @Test
    void fractionsThatLeaveNoTrainingDataAreRejected() {
        assertThatThrownBy(() -> with("axiom.data.validation-fraction=0.5", "axiom.data.test-fraction=0.5"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("axiom.data.validation-fraction = 0.5 is not allowed: expected a fraction that, with"
                        + " test-fraction, leaves training data (from --set)");
    }

    @Test
    void csvDataNeedAPath() {
        assertThatThrownBy(() -> with("axiom.data.format=csv"))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("axiom.data.csv.path = null is not allowed: expected the path of the CSV table");
    }

    @Test
    void theGraphPriorNeedsAGraph() {
        assertThatThrownBy(() -> with("axiom.prior.kind=graph"))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("axiom.data.graph.path = null is not allowed: expected the path of a feature graph");
    }

    @Test
    void aLayerListArchitectureNeedsLayers() {
        assertThatThrownBy(() -> with("axiom.model.architecture=layers"))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("axiom.model.layers = [] is not allowed: expected a non-empty list of layers");
    }

    @Test
    void anAttributionTargetMustNameAnOutput() {
        assertThat(with("axiom.attribution.target=output-3").attribution().target()).isEqualTo("output-3");
        assertThatThrownBy(() -> with("axiom.attribution.target=output-x"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("axiom.attribution.target = \"output-x\" is not allowed: expected true-class, predicted-class"
                        + " or output-K with K an output number (from --set)");
    }
}
