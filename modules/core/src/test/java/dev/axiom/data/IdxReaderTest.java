package dev.axiom.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IDX image and label files, raw and gzipped: shapes and values as written, and every kind of bad
 * file reported with its name and what is wrong.
 */
class IdxReaderTest {

    /** The embedded Fashion-MNIST subset (tests run in the module's folder). */
    private static final Path FASHION = Path.of("../run/src/main/resources/datasets/fashion-mnist-small");

    @TempDir
    Path tmp;

    /** Three 2 × 3 images: pixel {@code k} of image {@code i} is {@code 10 i + k}; labels 7, 0, 9. */
    private static final byte[] IMAGES = images(3, 2, 3, 0);
    private static final byte[] LABELS = labels(new int[] {7, 0, 9});

    private static byte[] images(int count, int rows, int cols, int missingBytes) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(0x00000803);
            out.writeInt(count);
            out.writeInt(rows);
            out.writeInt(cols);
            for (int i = 0; i < count; i++) {
                for (int k = 0; k < rows * cols; k++) {
                    out.writeByte(i == count - 1 && k == rows * cols - 1 ? 255 : 10 * i + k);
                }
            }
            byte[] all = bytes.toByteArray();
            return Arrays.copyOf(all, all.length - missingBytes);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] labels(int[] values) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(0x00000801);
            out.writeInt(values.length);
            for (int v : values) {
                out.writeByte(v);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private DataSource write(String name, byte[] content) throws IOException {
        Path file = tmp.resolve(name);
        if (name.endsWith(".gz")) {
            try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(file))) {
                gz.write(content);
            }
        } else {
            Files.write(file, content);
        }
        return DataSource.of(file);
    }

    @Test
    void readsRawImagesAndLabelsWithTheirShapeAndPixelsScaledToTheUnitInterval() throws IOException {
        Dataset d = IdxReader.read(write("images.idx", IMAGES), write("labels.idx", LABELS));

        assertThat(d.size()).isEqualTo(3);
        assertThat(d.sampleShape()).isEqualTo(new Shape(1, 2, 3));
        assertThat(d.labelKind()).isEqualTo(Dataset.LabelKind.CLASS_INDEX);
        assertThat(d.labelArray()).containsExactly(7f, 0f, 9f);
        assertThat(d.feature(1, 4)).isEqualTo(14 / 255f);
        assertThat(d.feature(0, 0)).isZero();
        assertThat(d.feature(2, 5)).isEqualTo(1f);
    }

    @Test
    void readsGzippedFilesLikeRawOnes() throws IOException {
        Dataset raw = IdxReader.read(write("images.idx", IMAGES), write("labels.idx", LABELS));
        Dataset gz = IdxReader.read(write("images.idx.gz", IMAGES), write("labels.idx.gz", LABELS));

        assertThat(gz.featureArray()).containsExactly(raw.featureArray());
        assertThat(gz.labelArray()).containsExactly(raw.labelArray());
    }

    @Test
    void readsTheEmbeddedFashionMnistSubset() {
        Dataset d = IdxReader.read(
                DataSource.of(FASHION.resolve("train-images-idx3-ubyte.gz")),
                DataSource.of(FASHION.resolve("train-labels-idx1-ubyte.gz")));

        assertThat(d.size()).isEqualTo(2000);
        assertThat(d.sampleShape()).isEqualTo(new Shape(1, 28, 28));
        Set<Float> classes = new TreeSet<>();
        for (float v : d.labelArray()) {
            classes.add(v);
        }
        assertThat(classes).containsExactly(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f);
        float[] x = d.featureArray();
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : x) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).isZero();
        assertThat(max).isEqualTo(1f);
    }

    @Test
    void aMissingFileIsNamed() throws IOException {
        DataSource labels = write("labels.idx", LABELS);
        String missing = tmp.resolve("nowhere-images.idx.gz").toString();

        assertThatThrownBy(() -> IdxReader.read(new DataSource(missing), labels))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(missing + ": no such file");
    }

    @Test
    void aTruncatedGzipIsReportedWithTheFileAndHowMuchDataItHeld() throws IOException {
        byte[] whole = Files.readAllBytes(FASHION.resolve("train-images-idx3-ubyte.gz"));
        Path cut = tmp.resolve("train-images-idx3-ubyte.gz");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        DataSource labels = DataSource.of(FASHION.resolve("train-labels-idx1-ubyte.gz"));

        assertThatThrownBy(() -> IdxReader.read(DataSource.of(cut), labels))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(cut + ": truncated: expected 1568000 bytes of data after the 16-byte header")
                .hasMessageContaining("the gzip stream ends early")
                .satisfies(e -> assertThat(found(e.getMessage())).as("bytes found").isBetween(400_000, 1_400_000));
    }

    private static int found(String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("found (\\d+)").matcher(message);
        assertThat(m.find()).as(message).isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void aFileNamedGzThatIsNotGzipIsReported() throws IOException {
        DataSource images = write("images.idx", IMAGES);
        Path fake = tmp.resolve("images-idx3-ubyte.gz");
        Files.copy(Path.of(images.location()), fake);

        assertThatThrownBy(() -> IdxReader.read(DataSource.of(fake), write("labels.idx", LABELS)))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(fake + ": not a valid gzip file");
    }

    @Test
    void corruptCompressedDataIsReportedAsSuch() throws IOException {
        byte[] whole = Files.readAllBytes(FASHION.resolve("train-images-idx3-ubyte.gz"));
        for (int i = whole.length / 3; i < whole.length / 3 + 64; i++) {
            whole[i] = (byte) ~whole[i];
        }
        Path bad = tmp.resolve("damaged-images.gz");
        Files.write(bad, whole);

        assertThatThrownBy(() -> IdxReader.read(
                        DataSource.of(bad), DataSource.of(FASHION.resolve("train-labels-idx1-ubyte.gz"))))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(bad + ": corrupt gzip data");
    }

    @Test
    void aWrongMagicNumberNamesTheFileTheNumberFoundAndTheOneExpected() throws IOException {
        DataSource labelsAsImages = write("swapped-images.idx", LABELS);

        assertThatThrownBy(() -> IdxReader.read(labelsAsImages, write("labels.idx", LABELS)))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(labelsAsImages.location()
                        + ": wrong IDX magic number 0x00000801 at byte 0, expected 0x00000803 for an image file");
    }

    @Test
    void aWrongMagicNumberInTheLabelFileIsReportedToo() throws IOException {
        DataSource imagesAsLabels = write("swapped-labels.idx", IMAGES);

        assertThatThrownBy(() -> IdxReader.read(write("images.idx", IMAGES), imagesAsLabels))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining(imagesAsLabels.location())
                .hasMessageContaining("0x00000803")
                .hasMessageContaining("expected 0x00000801 for a label file");
    }

    @Test
    void imageAndLabelCountsThatDifferNameBothFilesAndBothCounts() throws IOException {
        DataSource images = write("images.idx", IMAGES);
        DataSource labels = write("labels.idx", labels(new int[] {1, 2}));

        assertThatThrownBy(() -> IdxReader.read(images, labels))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(images.location() + " has 3 images but " + labels.location() + " has 2 labels; they must match");
    }

    @Test
    void rawDataShorterThanItsHeaderSaysIsTruncated() throws IOException {
        DataSource images = write("short-images.idx", images(3, 2, 3, 4));

        assertThatThrownBy(() -> IdxReader.read(images, write("labels.idx", LABELS)))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(images.location() + ": truncated: expected 18 bytes of data after the 16-byte header, found 14");
    }

    @Test
    void aFileThatEndsInsideItsHeaderIsTruncated() throws IOException {
        DataSource images = write("header-images.idx", Arrays.copyOf(IMAGES, 10));

        assertThatThrownBy(() -> IdxReader.read(images, write("labels.idx", LABELS)))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(images.location() + ": truncated: the file ends inside its header at byte 8");
    }

    @Test
    void dataBeyondWhatTheHeaderDescribesIsReported() throws IOException {
        byte[] longer = Arrays.copyOf(IMAGES, IMAGES.length + 6);
        DataSource images = write("long-images.idx", longer);

        assertThatThrownBy(() -> IdxReader.read(images, write("labels.idx", LABELS)))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(images.location() + ": 6 bytes more than the header describes (3 images of 2 x 3 pixels); the header or the file is wrong");
    }

    /**
     * A label file whose header declares 2,000,000,000 labels but holds three: reported as
     * truncated after reading what is there, without first allocating the 2 GB the header claims
     * (which under the fuzz run's small heap was an OutOfMemoryError).
     */
    @Test
    void aHugeDeclaredCountIsTruncatedWithoutAllocatingIt() throws IOException {
        byte[] header = labels(new int[] {7, 0, 9});
        java.nio.ByteBuffer.wrap(header, 4, 4).putInt(2_000_000_000);
        DataSource labels = write("huge-labels.idx", header);
        DataSource images = write("images.idx", IMAGES);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        assertThatThrownBy(() -> IdxReader.read(images, labels))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(labels.location() + ": truncated: expected 2000000000 bytes of data after the 8-byte header, found 3");
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).as("bytes allocated").isLessThan(16L << 20);
    }
}
