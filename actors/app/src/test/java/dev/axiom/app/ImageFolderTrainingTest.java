package dev.axiom.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code axiom.data.format = image-folder} end to end: colour PNG and JPEG files of mixed sizes,
 * one folder per class, train the paper CNN on 3 channels with the EG pixel prior; the report
 * names the classes by their folders; {@code evaluate} reads a test folder.
 */
class ImageFolderTrainingTest {

    @TempDir
    Path tmp;

    @Test
    void colourImageFoldersTrainWithThePixelPriorAndTheReportNamesTheFolders() throws IOException {
        Path train = tmp.resolve("train");
        Path test = tmp.resolve("test");
        write(train, 16);
        write(test, 4);
        Path run = tmp.resolve("run");
        Outcome o = Outcome.of("train", "--out", run.toString(),
                "--set", "axiom.data.format=image-folder",
                "--set", "axiom.data.image-folder.train=\"" + train + "\"",
                "--set", "axiom.data.image-folder.test=\"" + test + "\"",
                "--set", "axiom.data.image-folder.size=[16, 16]",
                "--set", "axiom.data.image-folder.channels=3",
                "--set", "axiom.train.epochs=1",
                "--set", "axiom.report.panel-images=3");
        assertThat(o.code()).as(o.err()).isZero();
        String report = Files.readString(run.resolve("report.md"));
        assertThat(report).containsPattern("Rows, top to bottom: (blues|reds)(, (blues|reds))*\\.");
        assertThat(Files.readString(run.resolve("provenance.json"))).contains(train.toString(), test.toString());

        Outcome evaluated = Outcome.of("evaluate", "--run", run.toString());
        assertThat(evaluated.code()).as(evaluated.err()).isZero();

        Path predictions = tmp.resolve("predictions.csv");
        Outcome predicted = Outcome.of("predict", "--run", run.toString(), "--data", test.toString(),
                "--out", predictions.toString());
        assertThat(predicted.code()).as(predicted.err()).isZero();
        assertThat(Files.readAllLines(predictions)).hasSize(1 + 8);

        Path explained = tmp.resolve("eg.csv");
        Outcome explain = Outcome.of("explain", "--run", run.toString(), "--data", test.toString(),
                "--references", "5", "--limit", "3", "--out", explained.toString());
        assertThat(explain.code()).as(explain.err()).isZero();
        List<String> lines = Files.readAllLines(explained);
        List<String> header = List.of(lines.get(0).split(","));
        assertThat(header).hasSize(4 + 3 * 16 * 16);
        assertThat(header.subList(0, 6)).containsExactly("index", "target", "output", "reference_output", "c0_r0_c0", "c0_r0_c1");
        assertThat(header.get(4 + 16 * 16)).isEqualTo("c1_r0_c0");
        assertThat(header.get(header.size() - 1)).isEqualTo("c2_r15_c15");
        assertThat(lines).hasSize(1 + 3);
        assertThat(tmp.resolve("eg.png")).isRegularFile();
    }

    /** {@code n} images per class: "reds" mostly red, "blues" mostly blue, PNG and JPEG, sizes 12 to 30 pixels. */
    private static void write(Path root, int n) throws IOException {
        for (String cls : List.of("reds", "blues")) {
            Files.createDirectories(root.resolve(cls));
            for (int i = 0; i < n; i++) {
                int w = 12 + (i * 7) % 19;
                int h = 12 + (i * 5) % 17;
                BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int noise = (x * 31 + y * 17 + i * 13) % 60;
                        int strong = 180 + noise;
                        int weak = noise;
                        image.setRGB(x, y, cls.equals("reds") ? strong << 16 | weak << 8 | weak : weak << 16 | weak << 8 | strong);
                    }
                }
                String format = i % 2 == 0 ? "png" : "jpg";
                ImageIO.write(image, format, root.resolve(cls + "/" + i + "." + format).toFile());
            }
        }
    }
}
