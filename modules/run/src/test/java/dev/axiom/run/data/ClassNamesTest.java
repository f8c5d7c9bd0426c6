package dev.axiom.run.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.axiom.data.DataFormatException;
import dev.axiom.run.config.RunSettings;
import dev.axiom.run.config.SettingsLoader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Class names come from the settings or the data, never from a default that belongs to other
 * data: IDX files other than the embedded subset are labelled by class index unless they carry a
 * {@code class-names.txt} or the settings name their classes.
 */
class ClassNamesTest {

    @TempDir
    Path folder;

    @Test
    void theEmbeddedSubsetCarriesFashionMnistsNames() {
        RunData data = DataLoader.load(RunSettings.from(SettingsLoader.load(null, List.of())));
        assertThat(data.classNames()).hasSize(10).startsWith("T-shirt/top", "Trouser").endsWith("Ankle boot");
    }

    @Test
    void otherIdxDataAreLabelledByClassIndex() throws IOException {
        writeDigits();
        RunData data = DataLoader.load(settings());
        assertThat(data.classNames()).isEmpty();
    }

    @Test
    void aNamesFileBesideTheTrainingImagesNamesTheClasses() throws IOException {
        writeDigits();
        Files.write(folder.resolve(ClassNames.FILE), List.of("zero", "one", "", "two"));
        RunData data = DataLoader.load(settings());
        assertThat(data.classNames()).containsExactly("zero", "one", "two");
        assertThat(data.files()).containsKey(folder.resolve(ClassNames.FILE).toString());
    }

    @Test
    void theSettingsNamesWinAndTooFewNamesAreAnErrorNamingTheSetting() throws IOException {
        writeDigits();
        Files.write(folder.resolve(ClassNames.FILE), List.of("zero", "one", "two"));
        assertThat(DataLoader.load(settings("axiom.data.idx.class-names=[a, b, c]")).classNames()).containsExactly("a", "b", "c");
        assertThatThrownBy(() -> DataLoader.load(settings("axiom.data.idx.class-names=[a, b]")))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("axiom.data.idx.class-names")
                .hasMessageContaining("3 classes");
    }

    private RunSettings settings(String... more) {
        List<String> overrides = new ArrayList<>(List.of(
                "axiom.data.idx.train-images=\"" + folder.resolve("train-images.idx") + "\"",
                "axiom.data.idx.train-labels=\"" + folder.resolve("train-labels.idx") + "\"",
                "axiom.data.idx.test-images=\"" + folder.resolve("test-images.idx") + "\"",
                "axiom.data.idx.test-labels=\"" + folder.resolve("test-labels.idx") + "\""));
        overrides.addAll(List.of(more));
        return RunSettings.from(SettingsLoader.load(null, overrides));
    }

    /** 30 training and 9 test images of 4×4 pixels, labels 0, 1, 2 in turn. */
    private void writeDigits() throws IOException {
        writeIdx("train", 30);
        writeIdx("test", 9);
    }

    private void writeIdx(String split, int n) throws IOException {
        try (OutputStream file = Files.newOutputStream(folder.resolve(split + "-images.idx"));
                DataOutputStream out = new DataOutputStream(file)) {
            out.writeInt(0x00000803);
            out.writeInt(n);
            out.writeInt(4);
            out.writeInt(4);
            for (int i = 0; i < n * 16; i++) {
                out.writeByte((i * 37) % 256);
            }
        }
        try (OutputStream file = Files.newOutputStream(folder.resolve(split + "-labels.idx"));
                DataOutputStream out = new DataOutputStream(file)) {
            out.writeInt(0x00000801);
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                out.writeByte(i % 3);
            }
        }
    }
}
