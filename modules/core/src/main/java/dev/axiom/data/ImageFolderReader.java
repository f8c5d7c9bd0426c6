package dev.axiom.data;

import ai.djl.ndarray.types.Shape;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Reads images stored one folder per class ({@code root/<class>/*.png|jpg|jpeg|bmp|gif}) into a
 * data set of class indices, classes numbered in the sorted order of their folder names.
 *
 * <p>Resize rule: every image is scaled to {@code height × width} with bilinear interpolation,
 * ignoring its aspect ratio, after compositing any transparency over black. With 1 channel a
 * colour image becomes its luma {@code 0.299 R + 0.587 G + 0.114 B}; with 3 channels a grey image
 * is repeated in R, G and B. Values are scaled to [0, 1]. Files are read in parallel, in sorted
 * order of folder and file name, so the result does not depend on the number of threads.
 */
public final class ImageFolderReader {

    /** The file extensions read (lower case). */
    public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

    /**
     * The most pixels an image may have (a file's header can claim any size: a few kilobytes of
     * PNG can decode to gigabytes). Larger ones are refused, naming their size.
     */
    public static final long MAX_PIXELS = 100_000_000L;

    /** Images above this many pixels are decoded one at a time, so that parallel reads cannot exhaust memory together. */
    static final long LARGE_PIXELS = 16_000_000L;

    private static final Object LARGE_DECODE = new Object();

    /** How to read: the size and channels of every image, and whether unreadable files are skipped. */
    public record Options(int height, int width, int channels, boolean skipUnreadable) {
        public Options {
            if (height < 1 || width < 1) {
                throw new IllegalArgumentException("image size must be positive, got " + height + " × " + width);
            }
            if (channels != 1 && channels != 3) {
                throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
            }
        }
    }

    /**
     * The images as a data set, the class names in label order, the number of files skipped, and
     * a SHA-256 of the folder (over every image's path relative to the root and its bytes).
     */
    public record Result(Dataset data, List<String> classNames, int skipped, String sha256) {}

    private ImageFolderReader() {}

    /** The class folders under {@code root}, sorted by name. */
    public static List<String> classes(Path root) {
        if (!Files.isDirectory(root)) {
            throw new DataFormatException(root + ": no such folder (expected one sub-folder of images per class)");
        }
        try (Stream<Path> children = Files.list(root)) {
            List<String> names = children.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList();
            if (names.isEmpty()) {
                throw new DataFormatException(root + ": no class folders (expected one sub-folder of images per class)");
            }
            return names;
        } catch (IOException e) {
            throw new DataFormatException(root + ": cannot be listed (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Reads the images under {@code root} for the given classes (a folder of {@code root} per
     * class; {@code classes} from {@link #classes} of the training root).
     *
     * @param warn receives one line per file or folder skipped (with {@code skipUnreadable})
     * @param progress receives the number of files read so far, now and then
     * @throws DataFormatException naming the file that cannot be read or the class folder that
     *     holds no image, or a folder of {@code root} that is not one of the classes
     */
    public static Result read(Path root, List<String> classes, Options options, Consumer<String> warn, IntConsumer progress) {
        for (String folder : classes(root)) {
            if (!classes.contains(folder)) {
                throw new DataFormatException(root.resolve(folder) + ": a class the training images do not have "
                        + "(their classes: " + classes + ")");
            }
        }
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            Path folder = root.resolve(classes.get(c));
            List<Path> images = images(folder);
            if (images.isEmpty()) {
                if (!options.skipUnreadable()) {
                    throw new DataFormatException(folder + ": a class folder with no images ("
                            + String.join(", ", EXTENSIONS.stream().sorted().toList()) + ")");
                }
                warn.accept(folder + ": a class folder with no images, skipped");
            }
            for (Path image : images) {
                files.add(image);
                labels.add(c);
            }
        }
        int p = options.channels() * options.height() * options.width();
        float[][] pixels = new float[files.size()][];
        String[] digests = new String[files.size()];
        AtomicInteger done = new AtomicInteger();
        IntStream.range(0, files.size()).parallel().forEach(i -> {
            byte[] bytes = bytes(files.get(i));
            digests[i] = sha256(bytes);
            pixels[i] = pixels(files.get(i), bytes, options, warn);
            int n = done.incrementAndGet();
            if (n % 1000 == 0 || n == files.size()) {
                progress.accept(n);
            }
        });
        List<Integer> kept = IntStream.range(0, files.size()).filter(i -> pixels[i] != null).boxed().toList();
        if (kept.isEmpty()) {
            throw new DataFormatException(root + ": no readable image in its class folders");
        }
        float[] x = new float[kept.size() * p];
        float[] y = new float[kept.size()];
        for (int k = 0; k < kept.size(); k++) {
            System.arraycopy(pixels[kept.get(k)], 0, x, k * p, p);
            y[k] = labels.get(kept.get(k));
        }
        Shape shape = new Shape(options.channels(), options.height(), options.width());
        Dataset data = new Dataset(x, shape, y, Dataset.LabelKind.CLASS_INDEX, 1, Dataset.defaultNames(shape));
        StringBuilder listing = new StringBuilder();
        for (int i = 0; i < files.size(); i++) {
            listing.append(root.relativize(files.get(i)).toString().replace('\\', '/')).append(' ').append(digests[i]).append('\n');
        }
        String digest = sha256(listing.toString().getBytes(StandardCharsets.UTF_8));
        return new Result(data, List.copyOf(classes), files.size() - kept.size(), digest);
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DataFormatException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> images(Path folder) {
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(Files::isRegularFile).filter(ImageFolderReader::isImage).sorted().toList();
        } catch (IOException e) {
            throw new DataFormatException(folder + ": cannot be listed (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * Width × height of the first image in {@code bytes}, as its header says (nothing is decoded),
     * or -1 if no reader here understands it.
     */
    private static long pixelCount(byte[] bytes) throws IOException {
        try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            java.util.Iterator<javax.imageio.ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return -1;
            }
            javax.imageio.ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return (long) reader.getWidth(0) * reader.getHeight(0);
            } finally {
                reader.dispose();
            }
        }
    }

    /** The image's values in channel-major order, or null if skipped as unreadable. */
    private static float[] pixels(Path file, byte[] bytes, Options options, Consumer<String> warn) {
        BufferedImage image = null;
        String problem;
        try {
            long size = pixelCount(bytes);
            if (size < 0) {
                problem = "not an image any reader here understands";
            } else if (size > MAX_PIXELS) {
                problem = "its header claims " + size / 1_000_000 + " megapixels, more than the " + MAX_PIXELS / 1_000_000
                        + " this reader decodes; scale it down first";
            } else if (size > LARGE_PIXELS) {
                synchronized (LARGE_DECODE) {
                    image = ImageIO.read(new ByteArrayInputStream(bytes));
                }
                problem = image == null ? "not an image any reader here understands" : null;
            } else {
                image = ImageIO.read(new ByteArrayInputStream(bytes));
                problem = image == null ? "not an image any reader here understands" : null;
            }
        } catch (IOException | RuntimeException e) {
            image = null;
            problem = String.valueOf(e.getMessage());
        }
        if (image == null) {
            if (options.skipUnreadable()) {
                warn.accept(file + ": cannot be read as an image (" + problem + "), skipped");
                return null;
            }
            throw new DataFormatException(file + ": cannot be read as an image (" + problem + ")");
        }
        int h = options.height();
        int w = options.width();
        BufferedImage scaled = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        float[] out = new float[options.channels() * h * w];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                int rgb = scaled.getRGB(c, r);
                float red = ((rgb >> 16) & 0xff) / 255f;
                float green = ((rgb >> 8) & 0xff) / 255f;
                float blue = (rgb & 0xff) / 255f;
                int k = r * w + c;
                if (options.channels() == 1) {
                    out[k] = 0.299f * red + 0.587f * green + 0.114f * blue;
                } else {
                    out[k] = red;
                    out[h * w + k] = green;
                    out[2 * h * w + k] = blue;
                }
            }
        }
        return out;
    }
}
