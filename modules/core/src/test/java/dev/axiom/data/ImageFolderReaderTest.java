package dev.axiom.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image folders as users have them: PNG and JPEG files, grey and colour, of mixed sizes, with an
 * unreadable file and an empty class folder; the resize and channel rules on images whose values
 * are known.
 */
class ImageFolderReaderTest {

    @TempDir
    Path root;

    private final List<String> warnings = new ArrayList<>();

    @Test
    void mixedFilesLoadAtOneSizeWithTheFolderNamesAsClasses() throws IOException {
        writeMixedFolders();
        Files.delete(root.resolve("cat/broken.png"));
        Files.delete(root.resolve("empty"));
        List<String> classes = ImageFolderReader.classes(root);
        ImageFolderReader.Result r = read(classes, 3, false);

        assertThat(r.classNames()).containsExactly("cat", "dog");
        assertThat(r.data().size()).isEqualTo(4);
        assertThat(r.data().sampleShape()).isEqualTo(new Shape(3, 8, 6));
        assertThat(r.data().labelArray()).containsExactly(0f, 0f, 1f, 1f);
        for (float v : r.data().featureArray()) {
            assertThat(v).isBetween(0f, 1f);
        }
        assertThat(r.sha256()).hasSize(64);
        assertThat(warnings).isEmpty();
    }

    @Test
    void anUnreadableFileIsAnErrorNamingItOrSkippedWithAWarning() throws IOException {
        writeMixedFolders();
        Files.delete(root.resolve("empty"));
        List<String> classes = ImageFolderReader.classes(root);
        assertThatThrownBy(() -> read(classes, 1, false))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(root.resolve("cat/broken.png") + ": cannot be read as an image");

        ImageFolderReader.Result r = read(classes, 1, true);
        assertThat(r.data().size()).isEqualTo(4);
        assertThat(r.skipped()).isEqualTo(1);
        assertThat(warnings).singleElement().asString().startsWith(root.resolve("cat/broken.png").toString());
    }

    @Test
    void anEmptyClassFolderIsAnErrorNamingItOrSkippedWithAWarning() throws IOException {
        writeMixedFolders();
        Files.delete(root.resolve("cat/broken.png"));
        List<String> classes = ImageFolderReader.classes(root);
        assertThat(classes).containsExactly("cat", "dog", "empty");
        assertThatThrownBy(() -> read(classes, 1, false))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(root.resolve("empty") + ": a class folder with no images");

        ImageFolderReader.Result r = read(classes, 1, true);
        assertThat(r.classNames()).containsExactly("cat", "dog", "empty");
        assertThat(r.data().size()).isEqualTo(4);
        assertThat(warnings).singleElement().asString().startsWith(root.resolve("empty").toString());
    }

    @Test
    void aTestFolderWithAClassTheTrainingImagesLackIsAnError() throws IOException {
        writeMixedFolders();
        assertThatThrownBy(() -> read(List.of("cat", "dog"), 1, true))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(root.resolve("empty") + ": a class the training images do not have");
    }

    @Test
    void aMissingRootOrOneWithoutClassFoldersIsAnErrorNamingIt() throws IOException {
        assertThatThrownBy(() -> ImageFolderReader.classes(root.resolve("nowhere")))
                .hasMessageStartingWith(root.resolve("nowhere") + ": no such folder");
        assertThatThrownBy(() -> ImageFolderReader.classes(root))
                .hasMessageStartingWith(root + ": no class folders");
    }

    @Test
    void channelsFollowTheDocumentedRule() throws IOException {
        Files.createDirectories(root.resolve("a"));
        BufferedImage colour = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        colour.setRGB(0, 0, 0xff0000);
        colour.setRGB(1, 0, 0x336699);
        ImageIO.write(colour, "png", root.resolve("a/colour.png").toFile());

        float[] grey = read(List.of("a"), 1, 1, 2).data().featureArray();
        assertThat(grey[0]).isCloseTo(0.299f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(grey[1]).isCloseTo(0.299f * 0x33 / 255 + 0.587f * 0x66 / 255 + 0.114f * 0x99 / 255,
                org.assertj.core.data.Offset.offset(1e-6f));

        float[] rgb = read(List.of("a"), 3, 1, 2).data().featureArray();
        assertThat(rgb).containsExactly(1f, 0x33 / 255f, 0f, 0x66 / 255f, 0f, 0x99 / 255f);

        BufferedImage uniform = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                uniform.getRaster().setSample(x, y, 0, 102);
            }
        }
        Files.delete(root.resolve("a/colour.png"));
        ImageIO.write(uniform, "png", root.resolve("a/uniform.png").toFile());
        float[] repeated = read(List.of("a"), 3, 2, 2).data().featureArray();
        assertThat(repeated).hasSize(12).containsOnly(102 / 255f);
    }

    private ImageFolderReader.Result read(List<String> classes, int channels, boolean skip) {
        return ImageFolderReader.read(root, classes, new ImageFolderReader.Options(8, 6, channels, skip), warnings::add, n -> { });
    }

    @Test
    void anImageWhoseHeaderClaimsTooManyPixelsIsRefusedBeforeDecoding() throws IOException {
        Files.createDirectories(root.resolve("a"));
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image(4, 4, BufferedImage.TYPE_INT_RGB), "png", png);
        byte[] bomb = png.toByteArray();
        ByteBuffer.wrap(bomb, 16, 8).putInt(20_000).putInt(20_000); // IHDR: width, height
        CRC32 crc = new CRC32();
        crc.update(bomb, 12, 17);
        ByteBuffer.wrap(bomb, 29, 4).putInt((int) crc.getValue());
        Files.write(root.resolve("a/bomb.png"), bomb);

        assertThatThrownBy(() -> read(List.of("a"), 1, false))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(root.resolve("a/bomb.png") + ": cannot be read as an image (its header claims 400 megapixels, "
                        + "more than the 100 this reader decodes; scale it down first)");
    }

    @Test
    void aLargeImageIsDecodedAndScaledAsASmallOneIs() throws IOException {
        Files.createDirectories(root.resolve("a"));
        BufferedImage large = new BufferedImage(4_200, 4_000, BufferedImage.TYPE_BYTE_GRAY); // above LARGE_PIXELS
        java.awt.Graphics2D g = large.createGraphics();
        g.setColor(new java.awt.Color(51, 51, 51));
        g.fillRect(0, 0, 4_200, 4_000);
        g.dispose();
        assertThat(4_200L * 4_000).isGreaterThan(ImageFolderReader.LARGE_PIXELS);
        ImageIO.write(large, "png", root.resolve("a/large.png").toFile());

        ImageFolderReader.Result r = read(List.of("a"), 1, 4, 4);

        assertThat(r.data().featureArray()).hasSize(16).containsOnly(0.2f);
    }

    private ImageFolderReader.Result read(List<String> classes, int channels, int height, int width) {
        return ImageFolderReader.read(
                root, classes, new ImageFolderReader.Options(height, width, channels, false), warnings::add, n -> { });
    }

    /** cat: a grey PNG (10 × 7), a colour JPEG (5 × 5), a broken PNG; dog: a colour PNG (3 × 9), a grey JPEG (12 × 12); empty. */
    private void writeMixedFolders() throws IOException {
        Files.createDirectories(root.resolve("cat"));
        Files.createDirectories(root.resolve("dog"));
        Files.createDirectories(root.resolve("empty"));
        ImageIO.write(image(10, 7, BufferedImage.TYPE_BYTE_GRAY), "png", root.resolve("cat/a.png").toFile());
        ImageIO.write(image(5, 5, BufferedImage.TYPE_INT_RGB), "jpg", root.resolve("cat/b.JPG").toFile());
        Files.write(root.resolve("cat/broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
        ImageIO.write(image(3, 9, BufferedImage.TYPE_INT_RGB), "png", root.resolve("dog/c.png").toFile());
        ImageIO.write(image(12, 12, BufferedImage.TYPE_BYTE_GRAY), "jpeg", root.resolve("dog/d.jpeg").toFile());
        Files.writeString(root.resolve("dog/notes.txt"), "not an image: ignored");
    }

    private static BufferedImage image(int w, int h, int type) {
        BufferedImage image = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, ((x * 40) & 0xff) << 16 | ((y * 30) & 0xff) << 8 | ((x + y) * 20 & 0xff));
            }
        }
        return image;
    }
}
