package dev.axiom.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run on IDX images that are not the embedded Fashion-MNIST subset labels its attribution panel
 * by class index, or by the names a {@code class-names.txt} beside the images gives; never with
 * Fashion-MNIST's names.
 */
class ClassNamesReportTest {

    @TempDir
    Path tmp;

    @Test
    void otherImagesAreLabelledByClassIndexInTheReport() throws IOException {
        Path data = images("digits");
        String report = trainAndReport(data, "plain");
        assertThat(report).contains("Rows, top to bottom: class ").doesNotContain("T-shirt", "Trouser", "Sandal");
    }

    @Test
    void aNamesFileBesideTheImagesNamesThePanelsRows() throws IOException {
        Path data = images("named");
        Files.write(data.resolve("class-names.txt"), List.of("circle", "square", "triangle"));
        String report = trainAndReport(data, "named");
        assertThat(report).containsPattern("Rows, top to bottom: (circle|square|triangle)(, (circle|square|triangle))*\\.");
    }

    private String trainAndReport(Path data, String name) throws IOException {
        Path run = tmp.resolve("run-" + name);
        Outcome o = Outcome.of("train", "--out", run.toString(),
                "--set", "axiom.data.idx.train-images=\"" + data.resolve("train-images.idx") + "\"",
                "--set", "axiom.data.idx.train-labels=\"" + data.resolve("train-labels.idx") + "\"",
                "--set", "axiom.data.idx.test-images=\"" + data.resolve("test-images.idx") + "\"",
                "--set", "axiom.data.idx.test-labels=\"" + data.resolve("test-labels.idx") + "\"",
                "--set", "axiom.train.epochs=1",
                "--set", "axiom.report.panel-images=3");
        assertThat(o.code()).as(o.err()).isZero();
        return Files.readString(run.resolve("report.md"));
    }

    /** 60 training and 12 test images of 28×28 pixels in a folder of their own, labels 0, 1, 2 in turn. */
    private Path images(String folder) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(folder));
        write(dir, "train", 60);
        write(dir, "test", 12);
        return dir;
    }

    private static void write(Path dir, String split, int n) throws IOException {
        try (OutputStream file = Files.newOutputStream(dir.resolve(split + "-images.idx"));
                DataOutputStream out = new DataOutputStream(file)) {
            out.writeInt(0x00000803);
            out.writeInt(n);
            out.writeInt(28);
            out.writeInt(28);
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < 784; k++) {
                    out.writeByte((k % 28 < 9 * (i % 3 + 1)) ? 200 : (k * 7 + i) % 50);
                }
            }
        }
        try (OutputStream file = Files.newOutputStream(dir.resolve(split + "-labels.idx"));
                DataOutputStream out = new DataOutputStream(file)) {
            out.writeInt(0x00000801);
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                out.writeByte(i % 3);
            }
        }
    }
}
