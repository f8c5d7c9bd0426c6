package dev.axiom.run.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Layering of {@code --set} overrides over a settings file over {@code reference.conf}, and the
 * check that every key the user wrote exists: an unknown key is named with the closest valid key
 * and where it was written.
 */
class SettingsLoaderTest {

    /** The presets of the project (tests run in the module's folder). */
    private static final Path PRESETS = Path.of("../../conf");

    @TempDir
    Path tmp;

    private Path file(String... lines) throws IOException {
        Path f = tmp.resolve("run.conf");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    private static Config set(String... overrides) {
        return SettingsLoader.load(null, List.of(overrides));
    }

    static Stream<Path> presets() throws IOException {
        try (Stream<Path> files = Files.list(PRESETS)) {
            List<Path> all = files.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
            assertThat(all).isNotEmpty();
            return all.stream();
        }
    }

    @Test
    void theDefaultsAloneAreValidSettings() {
        Config c = SettingsLoader.load(null, List.of());

        assertThat(c.getConfig("axiom").root()).isEqualTo(ConfigFactory.defaultReference().resolve().getConfig("axiom").root());
        assertThat(RunSettings.from(c).data().format()).isEqualTo("idx");
    }

    @ParameterizedTest
    @MethodSource("presets")
    void everyPresetLoadsAndIsValid(Path preset) {
        RunSettings s = RunSettings.from(SettingsLoader.load(preset, List.of()));

        assertThat(s.train().epochs()).isPositive();
    }

    @Test
    void presetsReferToTheDataRoot() {
        Config c = SettingsLoader.load(PRESETS.resolve("fashion-mnist-full.conf"), List.of());

        assertThat(c.getString("axiom.data.idx.train-images"))
                .isEqualTo(c.getString("axiom.data-root") + "/fashion-mnist/train-images-idx3-ubyte.gz");
    }

    @Test
    void theDataRootCanBeSetOnTheCommandLine() {
        Config c = SettingsLoader.load(PRESETS.resolve("fashion-mnist-full.conf"), List.of("axiom.data-root=/data/sets"));

        assertThat(c.getString("axiom.data.idx.test-labels")).isEqualTo("/data/sets/fashion-mnist/t10k-labels-idx1-ubyte.gz");
    }

    @Test
    void aRenderedConfigurationLoadsAgainUnchanged() throws IOException {
        Config c = SettingsLoader.load(PRESETS.resolve("fashion-mnist-full.conf"), List.of("axiom.train.epochs=3"));
        Path saved = Files.writeString(tmp.resolve("config.conf"), SettingsLoader.render(c));

        Config again = SettingsLoader.load(saved, List.of());

        assertThat(RunSettings.from(again)).isEqualTo(RunSettings.from(c));
    }

    @Test
    void aFileOverridesTheDefaults() throws IOException {
        Config c = SettingsLoader.load(file("axiom.train.epochs = 3", "axiom { model.hidden = [8, 4] }"), List.of());

        assertThat(c.getInt("axiom.train.epochs")).isEqualTo(3);
        assertThat(c.getIntList("axiom.model.hidden")).containsExactly(8, 4);
        assertThat(c.getInt("axiom.train.batch-size")).isEqualTo(50);
    }

    @Test
    void setOverridesTheFileAndTheLastSetWins() throws IOException {
        Config c = SettingsLoader.load(
                file("axiom.train.epochs = 3"), List.of("axiom.train.epochs=4", "axiom.train.batch-size=7", "axiom.train.epochs=5"));

        assertThat(c.getInt("axiom.train.epochs")).isEqualTo(5);
        assertThat(c.getInt("axiom.train.batch-size")).isEqualTo(7);
    }

    @Test
    void setTakesHoconValuesListsAndBareWords() {
        Config c = set("axiom.model.hidden=[16, 8]", "axiom.prior.kind = gini", "axiom.data.csv.features=[\"a b\", c]");

        assertThat(c.getIntList("axiom.model.hidden")).containsExactly(16, 8);
        assertThat(c.getString("axiom.prior.kind")).isEqualTo("gini");
        assertThat(c.getStringList("axiom.data.csv.features")).containsExactly("a b", "c");
    }

    @Test
    void setTakesPathsAndResourcesAsTheyAreWritten() {
        Config c = set("axiom.data.csv.path=classpath:datasets/x.csv", "axiom.data.graph.path=/tmp/my data/graph.csv");

        assertThat(c.getString("axiom.data.csv.path")).isEqualTo("classpath:datasets/x.csv");
        assertThat(c.getString("axiom.data.graph.path")).isEqualTo("/tmp/my data/graph.csv");
    }

    @Test
    void setKeepsValuesThatHoconWouldCutAtAComment() {
        Config c = set("axiom.data.csv.path=/data//tables/run#3.csv");

        assertThat(c.getString("axiom.data.csv.path")).isEqualTo("/data//tables/run#3.csv");
    }

    @Test
    void setCanReferToOtherSettings() {
        Config c = set("axiom.data-root=/data", "axiom.data.csv.path=${axiom.data-root}/x.csv");

        assertThat(c.getString("axiom.data.csv.path")).isEqualTo("/data/x.csv");
    }

    @Test
    void setWithAnUnparsableKeyNamesTheArgument() {
        assertThatThrownBy(() -> set("axiom.train.{epochs=3"))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("--set axiom.train.{epochs=3: ");
    }

    @Test
    void anUnknownKeyInSetNamesTheClosestValidKey() {
        assertThatThrownBy(() -> set("axiom.train.epoch=3"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("unknown key 'axiom.train.epoch' (in --set axiom.train.epoch=3); did you mean 'axiom.train.epochs'?");
    }

    @Test
    void anUnknownKeyInAFileNamesTheFileTheLineAndTheClosestValidKey() throws IOException {
        Path f = file("axiom {", "  train {", "    batch-sise = 20", "  }", "}");

        assertThatThrownBy(() -> SettingsLoader.load(f, List.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessage("unknown key 'axiom.train.batch-sise' (in " + f + ", line 3); did you mean 'axiom.train.batch-size'?");
    }

    /** Fuzz crasher: HOCON objects nested 4,096 deep overflowed the parser's stack (StackOverflowError). */
    @Test
    void objectsNestedThousandsDeepAreRefusedNamingTheLine() throws IOException {
        Path f = file("axiom {", "  train {", "a{".repeat(4096) + "}".repeat(4096), "  }", "}");

        assertThatThrownBy(() -> SettingsLoader.load(f, List.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessage("config file " + f + ", line 3: nested more than 64 levels deep (settings nest a few levels)");
    }

    /**
     * Fuzz crasher: a dotted key of 8,193 parts ({@code prior.kind.kind.kind…}) nests objects as
     * deeply as braces do, and overflowed the stack after parsing.
     */
    @Test
    void aDottedKeyOfThousandsOfPartsIsRefused() throws IOException {
        Path f = file("axiom {", "  prior.kind" + ".kind".repeat(8192) + " = 1", "}");

        assertThatThrownBy(() -> SettingsLoader.load(f, List.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("config file " + f + ": ")
                .hasMessageContaining("nested");
    }

    /** Fuzz crasher: an unclosed JSON list 50,000 deep overflowed the tokenizer's stack. */
    @Test
    void anUnclosedListNestedFiftyThousandDeepIsRefused() throws IOException {
        Path f = file("axiom.model.hidden = " + "[".repeat(50_000));

        assertThatThrownBy(() -> SettingsLoader.load(f, List.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining(f + ", line 1: nested more than 64 levels deep");
    }

    /**
     * Fuzz crasher: a value of 130,000 concatenated quoted and unquoted pieces (a path's tail
     * repeated) kept the parser busy for over 4 s; such a file is refused by its size first.
     */
    @Test
    void aHugeSettingsFileIsRefusedBeforeParsing() throws IOException {
        Path f = file("axiom.data.csv.path = \"data/x.csv\"" + "yte.gz\"".repeat(65_536));

        long start = System.nanoTime();
        assertThatThrownBy(() -> SettingsLoader.load(f, List.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessage("config file " + f + ": " + Files.size(f) + " bytes; a settings file may have at most 65536"
                        + " (is it the right file?)");
        assertThat((System.nanoTime() - start) / 1e9).as("seconds").isLessThan(1);
    }

    /**
     * Fuzz crasher: a key of 131,072 characters took longer than 5 s to report, the closest-key
     * search computing edit distances to every valid key in full (60,000 here, under the size limit).
     */
    @Test
    void aKeyOfAHundredThousandCharactersIsReportedAtOnce() throws IOException {
        Path f = file("axiom.train.tr" + "a".repeat(60_000) + " = 1");

        long start = System.nanoTime();
        assertThatThrownBy(() -> SettingsLoader.load(f, List.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("unknown key 'axiom.train.traaa")
                .hasMessageEndingWith("… (60014 characters)' (in " + f + ", line 1)");
        assertThat((System.nanoTime() - start) / 1e9).as("seconds").isLessThan(1);
    }

    @Test
    void bracketsInStringsAndCommentsAreNotNesting() throws IOException {
        String deep = "{[".repeat(100);
        Path f = file("# " + deep, "// " + deep, "axiom.data.csv.missing-values = [\"" + deep + "\", \"\"\"" + deep + "\"\"\"]");

        assertThat(SettingsLoader.load(f, List.of()).getStringList("axiom.data.csv.missing-values"))
                .containsExactly(deep, deep);
    }

    @Test
    void aMisspelledSectionIsNamedWithTheClosestKey() {
        assertThatThrownBy(() -> set("axiom.trian.epochs=3"))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("unknown key 'axiom.trian.epochs'")
                .hasMessageEndingWith("did you mean 'axiom.train.epochs'?");
    }

    @Test
    void aMisspelledRootIsAnUnknownKeyToo() {
        assertThatThrownBy(() -> set("axoim.train.epochs=3"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("unknown key 'axoim.train.epochs' (in --set axoim.train.epochs=3); did you mean 'axiom.train.epochs'?");
    }

    @Test
    void anUnknownKeyWithNothingCloseHasNoSuggestion() {
        assertThatThrownBy(() -> set("axiom.qqqqqqqqqqqq=1"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("unknown key 'axiom.qqqqqqqqqqqq' (in --set axiom.qqqqqqqqqqqq=1)");
    }

    @Test
    void aSectionCannotBeSetToAValue() {
        assertThatThrownBy(() -> set("axiom.train=5"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("key 'axiom.train' (in --set axiom.train=5) is a section with settings inside; it cannot be set to 5");
    }

    @Test
    void theRootCannotBeSetToAValue() {
        assertThatThrownBy(() -> set("axiom=5"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("key 'axiom' (in --set axiom=5) is a section with settings inside; it cannot be set to 5");
    }

    @Test
    void aSectionCannotBeSetToNull() {
        assertThatThrownBy(() -> set("axiom.train=null"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("key 'axiom.train' (in --set axiom.train=null) is a section with settings inside; it cannot be set to null");
    }

    @Test
    void aSettingCannotBeASection() {
        assertThatThrownBy(() -> set("axiom.train.epochs.max=5"))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("unknown key 'axiom.train.epochs.max' (in --set axiom.train.epochs.max=5)");
    }

    @Test
    void setWithoutAnEqualsSignIsRejected() {
        assertThatThrownBy(() -> set("axiom.train.epochs"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("--set needs KEY=VALUE, got 'axiom.train.epochs'");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = tmp.resolve("absent.conf");

        assertThatThrownBy(() -> SettingsLoader.load(missing, List.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessage("config file " + missing + ": no such file");
    }

    @Test
    void aFileThatIsNotHoconNamesTheFileAndLine() throws IOException {
        Path f = file("axiom {", "  train.epochs = 3", "  model { hidden = [8, }", "}");

        assertThatThrownBy(() -> SettingsLoader.load(f, List.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("config file " + f + ": line 3: ");
    }

    @Test
    void aSubstitutionThatNamesNothingIsReported() throws IOException {
        Path f = file("axiom.data.csv.path = ${axiom.data-rot}\"/x.csv\"");

        assertThatThrownBy(() -> SettingsLoader.load(f, List.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("${axiom.data-rot}");
    }
}
