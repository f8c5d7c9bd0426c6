package dev.axiom.fuzz;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import dev.axiom.data.DataFormatException;
import dev.axiom.data.DataSource;
import dev.axiom.data.EdgeListReader;
import dev.axiom.onnx.OnnxImportException;
import dev.axiom.onnx.OnnxImporter;
import dev.axiom.run.config.RunSettings;
import dev.axiom.run.config.SettingsException;
import dev.axiom.run.config.SettingsLoader;
import dev.axiom.run.data.DataLoader;
import dev.axiom.train.Checkpoint;
import dev.axiom.train.CheckpointException;
import dev.axiom.train.LoopState;
import dev.axiom.train.OptimizerState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.stream.Stream;

/**
 * The readers of user input that {@code modules/} holds, each fed through the path the command
 * line takes, with seeds grown from the project's real files:
 *
 * <ul>
 *   <li>{@code idx}: {@link DataLoader} with IDX settings, one of the training image or label files
 *       mutated (raw and gzipped; 64 real Fashion-MNIST test images and their labels);
 *   <li>{@code csv-credit}: {@link DataLoader} with {@code conf/credit-gini.conf} (text columns,
 *       missing cells imputed with indicators, unseen categories, text labels), 300 real rows;
 *   <li>{@code csv-nhanes}: {@link DataLoader} with {@code conf/tabular-sparsity.conf} (numbers,
 *       missing cells are errors), 300 real rows;
 *   <li>{@code edges}: {@link EdgeListReader} over the ALL leukemia genes, 300 real lines of the
 *       KEGG graph (unknown nodes dropped) and of the GO graph (unknown nodes are errors);
 *   <li>{@code settings}: {@link SettingsLoader} and {@link RunSettings#from} on every preset in
 *       {@code conf/} and on {@code credit-gini.conf} rendered as JSON;
 *   <li>{@code checkpoint}: {@link Checkpoint#read} of a checkpoint written by
 *       {@link Checkpoint#write} (an MLP's arrays, Adam's slots), one of its two files mutated, half
 *       of the mutants with their checksum recomputed so that the parser behind it is reached;
 *   <li>{@code onnx}: {@link OnnxImporter#read} on the example models in {@code onnx-models/} and
 *       the ONNX test models in {@code /usr/share/libonnx-testdata} that import;
 *   <li>{@code image-folder}: {@link DataLoader} with {@code axiom.data.format = image-folder}, one
 *       image of a class folder mutated beside pristine ones (real Fashion-MNIST test images written
 *       as PNG, JPEG, BMP and GIF).
 * </ul>
 */
public final class Targets {

    private static final String DATASETS = "datasets/";
    private static final int IDX_IMAGES = 64;
    private static final int TABLE_ROWS = 300;
    private static final String[] LIBONNX_MODELS = {
        "test_relu", "test_sigmoid", "test_tanh", "test_softmax_axis_1", "test_flatten_axis1",
        "test_leakyrelu_default", "test_maxpool_2d_default", "test_averagepool_2d_default",
        "test_globalaveragepool", "test_conv_with_strides_padding", "test_basic_conv_with_padding",
        "test_gemm_default_single_elem_vector_bias", "test_clip_default_min", "test_reshape_reordered_all_dims"
    };

    private Targets() {}

    /** Every target of this module, its pristine partner files written under {@code work}. */
    public static List<FuzzTarget> all(Path work) {
        return List.of(idx(work), csvCredit(), csvNhanes(), edges(), settings(), checkpoint(work), onnx(), imageFolder(work));
    }

    /** The target called {@code name}. */
    public static FuzzTarget named(String name, Path work) {
        return switch (name) {
            case "idx" -> idx(work);
            case "csv-credit" -> csvCredit();
            case "csv-nhanes" -> csvNhanes();
            case "edges" -> edges();
            case "settings" -> settings();
            case "checkpoint" -> checkpoint(work);
            case "onnx" -> onnx();
            case "image-folder" -> imageFolder(work);
            default -> throw new IllegalArgumentException("no fuzz target '" + name
                    + "'; the targets are idx, csv-credit, csv-nhanes, edges, settings, checkpoint, onnx, image-folder");
        };
    }

    /** IDX images and labels through {@link DataLoader}; the other file of the pair is pristine. */
    public static FuzzTarget idx(Path work) {
        byte[] images = idxPrefix(resource(DATASETS + "fashion-mnist-small/t10k-images-idx3-ubyte.gz"), 16, 28 * 28);
        byte[] labels = idxPrefix(resource(DATASETS + "fashion-mnist-small/t10k-labels-idx1-ubyte.gz"), 8, 1);
        Path pristine = work.resolve("idx-pristine");
        Path trainImages = write(pristine.resolve("train-images-idx3-ubyte"), images);
        Path trainLabels = write(pristine.resolve("train-labels-idx1-ubyte"), labels);
        Path testImages = write(pristine.resolve("t10k-images-idx3-ubyte.gz"), gzip(images));
        Path testLabels = write(pristine.resolve("t10k-labels-idx1-ubyte.gz"), gzip(labels));
        List<Seed> seeds = List.of(
                new Seed("train-images-idx3-ubyte", images), new Seed("train-images-idx3-ubyte.gz", gzip(images)),
                new Seed("train-labels-idx1-ubyte", labels), new Seed("train-labels-idx1-ubyte.gz", gzip(labels)));
        FuzzTarget.Reader reader = input -> {
            boolean isImages = input.getFileName().toString().contains("images");
            Path im = isImages ? input : trainImages;
            Path lb = isImages ? trainLabels : input;
            RunSettings settings = RunSettings.from(SettingsLoader.load(null, List.of(
                    "axiom.data.format=idx",
                    "axiom.data.idx.train-images=" + quoted(im),
                    "axiom.data.idx.train-labels=" + quoted(lb),
                    "axiom.data.idx.test-images=" + quoted(testImages),
                    "axiom.data.idx.test-labels=" + quoted(testLabels))));
            DataLoader.load(settings);
        };
        return new FuzzTarget("idx", seeds, Mutator.Format.BINARY, reader, List.of(DataFormatException.class), true, null);
    }

    /** The credit table (categories, missing cells) through {@link DataLoader} with {@code conf/credit-gini.conf}. */
    public static FuzzTarget csvCredit() {
        return table("csv-credit", "conf/credit-gini.conf", DATASETS + "credit/credit_data.csv", "credit.csv");
    }

    /** The NHANES table (numbers only) through {@link DataLoader} with {@code conf/tabular-sparsity.conf}. */
    public static FuzzTarget csvNhanes() {
        return table("csv-nhanes", "conf/tabular-sparsity.conf", DATASETS + "nhanes1-cancer/nhanes1_cancer.csv",
                "nhanes.csv");
    }

    private static FuzzTarget table(String name, String preset, String resource, String fileName) {
        Path conf = root().resolve(preset);
        byte[] seed = firstLines(resource(resource), TABLE_ROWS + 1);
        FuzzTarget.Reader reader = input -> DataLoader.load(RunSettings.from(
                SettingsLoader.load(conf, List.of("axiom.data.csv.path=" + quoted(input)))));
        return new FuzzTarget(name, List.of(new Seed(fileName, seed)), Mutator.Format.LINES, reader,
                List.of(DataFormatException.class), true, null);
    }

    /** Gene graph edge lists over the ALL leukemia genes. */
    public static FuzzTarget edges() {
        String header = new String(firstLines(resource(DATASETS + "all-leukemia/all_expression.csv"), 1),
                StandardCharsets.UTF_8).strip();
        List<String> genes = new ArrayList<>(Arrays.asList(header.split(",")));
        genes.remove("sample_id");
        List<Seed> seeds = List.of(
                new Seed("kegg.csv", firstLines(resource(DATASETS + "all-leukemia/all_graph_kegg.csv"), TABLE_ROWS)),
                new Seed("go-bp.csv", firstLines(resource(DATASETS + "all-leukemia/all_graph_go_bp.csv"), TABLE_ROWS)));
        FuzzTarget.Reader reader = input -> EdgeListReader.read(
                DataSource.of(input), genes, input.getFileName().toString().startsWith("kegg"), warning -> { });
        return new FuzzTarget("edges", seeds, Mutator.Format.LINES, reader, List.of(DataFormatException.class), true, null);
    }

    /** HOCON presets (and one as JSON) through {@link SettingsLoader} and {@link RunSettings#from}. */
    public static FuzzTarget settings() {
        List<Seed> seeds = new ArrayList<>();
        try (Stream<Path> files = Files.list(root().resolve("conf"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".conf")).sorted().toList()) {
                seeds.add(new Seed(f.getFileName().toString(), Files.readAllBytes(f)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String json = ConfigFactory.parseFile(root().resolve("conf/credit-gini.conf").toFile()).root()
                .render(ConfigRenderOptions.concise().setFormatted(true));
        seeds.add(new Seed("credit-gini.json", json.getBytes(StandardCharsets.UTF_8)));
        FuzzTarget.Reader reader = input -> RunSettings.from(SettingsLoader.load(input, List.of()));
        return new FuzzTarget("settings", seeds, Mutator.Format.NESTED, reader, List.of(SettingsException.class), false,
                null);
    }

    /** A checkpoint directory; the file not mutated is the pristine one. */
    public static FuzzTarget checkpoint(Path work) {
        Path written = work.resolve("checkpoint-pristine").resolve("step-120");
        Fuzzer.deleteRecursively(written);
        sampleCheckpoint().write(written);
        byte[] network = read(written.resolve("network.bin"));
        byte[] optimizer = read(written.resolve("optimizer.bin"));
        FuzzTarget.Reader reader = input -> {
            Path dir = input.getParent();
            String other = input.getFileName().toString().equals("network.bin") ? "optimizer.bin" : "network.bin";
            Files.copy(written.resolve(other), dir.resolve(other), StandardCopyOption.REPLACE_EXISTING);
            Checkpoint.read(dir);
        };
        return new FuzzTarget("checkpoint", List.of(new Seed("network.bin", network), new Seed("optimizer.bin", optimizer)),
                Mutator.Format.BINARY, reader, List.of(CheckpointException.class), true, Targets::recomputeChecksum);
    }

    /**
     * The checkpoint of an MLP {@code 13 → 8 → 1} after 120 Adam updates, with seeded values, as
     * {@link Checkpoint#write} writes it.
     */
    static Checkpoint sampleCheckpoint() {
        SplittableRandom rng = new SplittableRandom(19);
        Map<String, float[]> net = new LinkedHashMap<>();
        net.put("0.linear.weight", gaussian(rng, 13 * 8));
        net.put("0.linear.bias", gaussian(rng, 8));
        net.put("2.linear.weight", gaussian(rng, 8));
        net.put("2.linear.bias", gaussian(rng, 1));
        Map<String, float[]> slots = new LinkedHashMap<>();
        net.forEach((k, v) -> {
            slots.put(k + ".m", gaussian(rng, v.length));
            slots.put(k + ".v", gaussian(rng, v.length));
        });
        return new Checkpoint("(13) linear(8) relu linear(1)", net,
                new LoopState(3, 17, 120, new long[] {rng.nextLong(), rng.nextLong()}, new OptimizerState("adam", 120, slots)));
    }

    /** The CRC-32 of everything but the last 8 bytes, written into them (the array file's checksum). */
    static byte[] recomputeChecksum(byte[] file) {
        if (file.length < 8) {
            return file;
        }
        CRC32 crc = new CRC32();
        crc.update(file, 0, file.length - 8);
        byte[] out = file.clone();
        ByteBuffer.wrap(out, file.length - 8, 8).putLong(crc.getValue());
        return out;
    }

    /** ONNX models through {@link OnnxImporter#read}. */
    public static FuzzTarget onnx() {
        List<Seed> seeds = new ArrayList<>();
        Path models = root().resolve("onnx-models");
        for (String m : List.of("imported/tabular/model-eval.onnx", "imported/tabular/model-train.onnx",
                "imported/resnet8/model-eval.onnx", "imported/mobilenet/model-train.onnx")) {
            seeds.add(new Seed(m.replace('/', '-'), read(models.resolve(m))));
        }
        Path testdata = Path.of("/usr/share/libonnx-testdata/data/node");
        for (String m : LIBONNX_MODELS) {
            Path f = testdata.resolve(m).resolve("model.onnx");
            if (Files.isRegularFile(f) && imports(f)) {
                seeds.add(new Seed(m + ".onnx", read(f)));
            }
        }
        return new FuzzTarget("onnx", seeds, Mutator.Format.BINARY, input -> OnnxImporter.read(input),
                List.of(OnnxImportException.class), true, null);
    }

    /**
     * An image folder through {@link DataLoader}: the mutant is one image of class {@code a}, beside
     * three pristine real images in each of classes {@code a} and {@code b}.
     */
    public static FuzzTarget imageFolder(Path work) {
        byte[] idx = resource(DATASETS + "fashion-mnist-small/t10k-images-idx3-ubyte.gz");
        Path pristine = work.resolve("image-folder-pristine");
        Fuzzer.deleteRecursively(pristine);
        for (int i = 0; i < 6; i++) {
            write(pristine.resolve(i < 3 ? "a" : "b").resolve("image-" + i + ".png"), encode(fashionImage(idx, i), "png"));
        }
        List<Seed> seeds = new ArrayList<>();
        for (String format : List.of("png", "jpg", "bmp", "gif")) {
            seeds.add(new Seed("mutant." + format, encode(fashionImage(idx, 6 + seeds.size()), format)));
        }
        FuzzTarget.Reader reader = input -> {
            Path root = input.getParent().resolve("images");
            for (String folder : List.of("a", "b")) {
                try (Stream<Path> images = Files.list(pristine.resolve(folder))) {
                    for (Path image : images.toList()) {
                        write(root.resolve(folder).resolve(image.getFileName()), read(image));
                    }
                }
            }
            Files.copy(input, root.resolve("a").resolve(input.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            DataLoader.load(RunSettings.from(SettingsLoader.load(null, List.of(
                    "axiom.data.format=image-folder",
                    "axiom.data.image-folder.train=" + quoted(root),
                    "axiom.data.validation-fraction=0",
                    "axiom.data.test-fraction=0.3"))));
        };
        return new FuzzTarget("image-folder", seeds, Mutator.Format.BINARY, reader, List.of(DataFormatException.class), true,
                null);
    }

    /** Test image {@code index} of an IDX file (28 × 28 grey values) as an image. */
    private static java.awt.image.BufferedImage fashionImage(byte[] idx, int index) {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(28, 28, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, 28, 28, Arrays.copyOfRange(idx, 16 + index * 784, 16 + (index + 1) * 784));
        return image;
    }

    private static byte[] encode(java.awt.image.BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!javax.imageio.ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static boolean imports(Path model) {
        try {
            OnnxImporter.read(model);
            return true;
        } catch (OnnxImportException e) {
            return false;
        }
    }

    /** The project's root folder: {@code -Daxiom.root}, else the nearest folder up holding {@code conf/}. */
    public static Path root() {
        String given = System.getProperty("axiom.root");
        if (given != null) {
            return Path.of(given);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("conf/credit-gini.conf")) && Files.isDirectory(p.resolve("onnx-models"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the project's root (conf/ and onnx-models/) above "
                + Path.of("").toAbsolutePath() + "; give -Daxiom.root=DIR");
    }

    /** A class-path resource, un-gzipped when its name ends in {@code .gz}. */
    static byte[] resource(String name) {
        try (InputStream in = Targets.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + name);
            }
            return name.endsWith(".gz") ? new GZIPInputStream(in).readAllBytes() : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The header of an IDX file with its count set to {@code count}, then its first {@code count} items. */
    static byte[] idxPrefix(byte[] idx, int headerBytes, int itemBytes) {
        byte[] out = Arrays.copyOf(idx, headerBytes + IDX_IMAGES * itemBytes);
        ByteBuffer.wrap(out, 4, 4).putInt(IDX_IMAGES);
        return out;
    }

    static byte[] firstLines(byte[] text, int lines) {
        int end = 0;
        for (int seen = 0; end < text.length && seen < lines; end++) {
            if (text[end] == '\n') {
                seen++;
            }
        }
        return Arrays.copyOf(text, end);
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static float[] gaussian(SplittableRandom rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return v;
    }

    private static String quoted(Path p) {
        return "\"" + p.toAbsolutePath() + "\"";
    }

    private static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
