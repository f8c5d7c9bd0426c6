package dev.axiom.data;

import ai.djl.ndarray.types.Shape;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.ZipException;

/**
 * Reads image data sets in the IDX format of MNIST and Fashion-MNIST (big-endian; magic
 * {@code 0x00000803} for unsigned-byte images, {@code 0x00000801} for unsigned-byte labels), gzipped
 * or raw. Pixel values are scaled to [0, 1].
 */
public final class IdxReader {

    private static final int IMAGES = 0x00000803;
    private static final int LABELS = 0x00000801;

    private IdxReader() {}

    /**
     * Reads an image file and its label file into a data set of shape {@code (1, rows, cols)} per
     * sample with class-index labels.
     *
     * @throws DataFormatException naming the file and the problem: missing file, bad gzip, wrong
     *     magic number, truncated data, or image and label counts that differ
     */
    public static Dataset read(DataSource images, DataSource labels) {
        Images im = readImages(images);
        float[] y = readLabels(labels);
        if (y.length != im.count()) {
            throw new DataFormatException(
                    images.location() + " has " + im.count() + " images but " + labels.location()
                            + " has " + y.length + " labels; they must match");
        }
        Shape sample = new Shape(1, im.rows(), im.cols());
        return new Dataset(im.pixels(), sample, y, Dataset.LabelKind.CLASS_INDEX, 1, Dataset.defaultNames(sample));
    }

    private record Images(int count, int rows, int cols, float[] pixels) {}

    private static Images readImages(DataSource source) {
        try (InputStream raw = source.open();
                DataInputStream in = new DataInputStream(raw)) {
            int magic = header(in, source, 0);
            if (magic != IMAGES) {
                throw new DataFormatException(String.format(
                        "%s: wrong IDX magic number 0x%08X at byte 0, expected 0x%08X for an image file",
                        source.location(), magic, IMAGES));
            }
            int count = header(in, source, 4);
            int rows = header(in, source, 8);
            int cols = header(in, source, 12);
            if (count < 0 || rows <= 0 || cols <= 0) {
                throw new DataFormatException(source.location() + ": invalid dimensions " + count + " x " + rows + " x " + cols);
            }
            long total = (long) count * rows * cols;
            if (total > Integer.MAX_VALUE - 8) {
                throw new DataFormatException(source.location() + ": " + total + " pixels is too many to hold in memory");
            }
            byte[] bytes = readFully(in, (int) total, source, 16);
            requireEnd(in, source, count + " images of " + rows + " x " + cols + " pixels");
            float[] pixels = new float[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                pixels[i] = (bytes[i] & 0xFF) / 255f;
            }
            return new Images(count, rows, cols, pixels);
        } catch (ZipException e) {
            throw corrupt(source, e);
        } catch (IOException e) {
            throw new DataFormatException(source.location() + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static float[] readLabels(DataSource source) {
        try (InputStream raw = source.open();
                DataInputStream in = new DataInputStream(raw)) {
            int magic = header(in, source, 0);
            if (magic != LABELS) {
                throw new DataFormatException(String.format(
                        "%s: wrong IDX magic number 0x%08X at byte 0, expected 0x%08X for a label file",
                        source.location(), magic, LABELS));
            }
            int count = header(in, source, 4);
            if (count < 0) {
                throw new DataFormatException(source.location() + ": negative label count " + count);
            }
            byte[] bytes = readFully(in, count, source, 8);
            requireEnd(in, source, count + " labels");
            float[] labels = new float[count];
            for (int i = 0; i < count; i++) {
                labels[i] = bytes[i] & 0xFF;
            }
            return labels;
        } catch (ZipException e) {
            throw corrupt(source, e);
        } catch (IOException e) {
            throw new DataFormatException(source.location() + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static int header(DataInputStream in, DataSource source, int offset) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new DataFormatException(source.location() + ": truncated: the file ends inside its header at byte " + offset);
        }
    }

    /**
     * The {@code length} bytes of data after the header. The buffer grows with the data that
     * actually arrives (doubling from 1 MiB), so a corrupt header that declares gigabytes costs
     * memory only for the bytes the file holds before it is reported as truncated.
     */
    private static byte[] readFully(DataInputStream in, int length, DataSource source, int offset) throws IOException {
        byte[] into = new byte[Math.min(length, 1 << 20)];
        int read = 0;
        while (read < length) {
            if (read == into.length) {
                into = Arrays.copyOf(into, (int) Math.min(length, 2L * into.length));
            }
            int n;
            try {
                n = in.read(into, read, into.length - read);
            } catch (EOFException e) {
                n = -1;
            }
            if (n < 0) {
                throw new DataFormatException(
                        source.location() + ": truncated: expected " + length + " bytes of data after the "
                                + offset + "-byte header, found " + read
                                + (source.gzipped() ? " (the gzip stream ends early)" : ""));
            }
            read += n;
        }
        return into;
    }

    /**
     * Checks that nothing follows the data the header describes. Reading on to the end also makes a
     * gzip stream check its trailer, so damaged compressed data is reported as such.
     */
    private static void requireEnd(DataInputStream in, DataSource source, String described) throws IOException {
        long extra = 0;
        byte[] buffer = new byte[1 << 16];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                extra += n;
            }
        } catch (EOFException e) {
            // a gzip stream that ends early after the data: reported below if anything was read
        }
        if (extra > 0) {
            throw new DataFormatException(source.location() + ": " + extra + " bytes more than the header describes ("
                    + described + "); the header or the file is wrong");
        }
    }

    private static DataFormatException corrupt(DataSource source, ZipException e) {
        return new DataFormatException(source.location() + ": corrupt gzip data (" + e.getMessage() + ")", e);
    }
}
