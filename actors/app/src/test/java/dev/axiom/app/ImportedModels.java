package dev.axiom.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.TensorProto;
import dev.axiom.run.RunDirectory;
import dev.axiom.tensor.Rng;
import dev.axiom.train.Checkpoint;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Shared by the tests of networks users bring: the PyTorch fixtures of {@code onnx-models/imported/},
 * their golden {@code param:} values, small data files written for a test (a slice of the embedded
 * Fashion-MNIST subset as IDX files, a 12-feature 3-class table for the tabular fixture), and the
 * assertions on runs and one-line errors.
 */
final class ImportedModels {

    /** {@code onnx-models/imported/} (tests run in {@code actors/app}). */
    static final Path FIXTURES = Path.of("../../onnx-models/imported").toAbsolutePath().normalize();

    private static final String FASHION = "datasets/fashion-mnist-small/";

    private ImportedModels() {}

    /** The training-mode export of a fixture ({@code resnet8}, {@code tabular}, {@code mobilenet}). */
    static Path trainExport(String model) {
        Path file = FIXTURES.resolve(model).resolve("model-train.onnx");
        assertThat(file).as("fixture").isRegularFile();
        return file;
    }

    /**
     * The fixture's {@code param:<name>} golden tensors (every initializer of the training export:
     * parameters and running statistics), float64 copies of float32 values, as float32.
     */
    static Map<String, float[]> goldenParameters(String model) {
        Map<String, float[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(FIXTURES.resolve(model).resolve("golden"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("param_")).toList()) {
                TensorProto t;
                try (InputStream in = Files.newInputStream(f)) {
                    t = TensorProto.parseFrom(in);
                }
                assertThat(t.getName()).startsWith("param:");
                assertThat(t.getDataType()).as(t.getName()).isEqualTo(TensorProto.DataType.DOUBLE.getNumber());
                double[] values;
                if (!t.getRawData().isEmpty()) {
                    ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                    values = new double[b.remaining() / 8];
                    b.asDoubleBuffer().get(values);
                } else {
                    values = t.getDoubleDataList().stream().mapToDouble(Double::doubleValue).toArray();
                }
                float[] floats = new float[values.length];
                for (int i = 0; i < values.length; i++) {
                    floats[i] = (float) values[i];
                    assertThat((double) floats[i]).as("%s[%d] is a float32 value", t.getName(), i).isEqualTo(values[i]);
                }
                out.put(t.getName().substring("param:".length()), floats);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(out).as("param: goldens of " + model).isNotEmpty();
        return out;
    }

    /** One golden tensor of a fixture ({@code x}, {@code labels}, {@code f32:logits_eval}, ...), as doubles. */
    static double[] golden(String model, String name) {
        Path file = FIXTURES.resolve(model).resolve("golden").resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".pb");
        try (InputStream in = Files.newInputStream(file)) {
            TensorProto t = TensorProto.parseFrom(in);
            assertThat(t.getName()).isEqualTo(name);
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            if (t.getDataType() == TensorProto.DataType.INT64.getNumber()) {
                return java.util.stream.LongStream.range(0, b.remaining() / 8).mapToDouble(i -> b.getLong((int) i * 8)).toArray();
            }
            assertThat(t.getDataType()).as(name).isEqualTo(TensorProto.DataType.DOUBLE.getNumber());
            double[] values = new double[b.remaining() / 8];
            b.asDoubleBuffer().get(values);
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The first {@code train} training and {@code test} test images (and labels) of the embedded
     * Fashion-MNIST subset as uncompressed IDX files in {@code dir}; returns the settings that
     * point a run at them.
     */
    static List<String> fashionSlice(Path dir, int train, int test) {
        try {
            Files.createDirectories(dir);
            List<String> settings = new ArrayList<>();
            for (String split : List.of("train", "t10k")) {
                int n = split.equals("train") ? train : test;
                Path images = dir.resolve(split + "-images-idx3-ubyte");
                Path labels = dir.resolve(split + "-labels-idx1-ubyte");
                Files.write(images, idxSlice(FASHION + split + "-images-idx3-ubyte.gz", 16, 784, n));
                Files.write(labels, idxSlice(FASHION + split + "-labels-idx1-ubyte.gz", 8, 1, n));
                String key = split.equals("train") ? "train" : "test";
                settings.add("axiom.data.idx." + key + "-images=\"" + images + "\"");
                settings.add("axiom.data.idx." + key + "-labels=\"" + labels + "\"");
            }
            return settings;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An IDX file's header (with the count replaced) and its first {@code n} records. */
    private static byte[] idxSlice(String resource, int header, int recordBytes, int n) throws IOException {
        byte[] all;
        try (InputStream in = ImportedModels.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            all = new GZIPInputStream(in).readAllBytes();
        }
        int count = ByteBuffer.wrap(all, 4, 4).getInt();
        assertThat(n).as("records in " + resource).isLessThanOrEqualTo(count);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(all, 0, 4);
        out.writeInt(n);
        out.write(all, 8, header - 8);
        out.write(all, header, n * recordBytes);
        out.flush();
        return bytes.toByteArray();
    }

    /**
     * A table of {@code rows} rows, features {@code f0..f11} (standard normal) and a class label in
     * {@code 0..classes-1} that depends on the first features: the tabular fixture's input.
     */
    static Path table(Path file, int rows, int classes, long seed) {
        Rng rng = new Rng(seed);
        List<String> lines = new ArrayList<>();
        StringBuilder header = new StringBuilder();
        for (int j = 0; j < 12; j++) {
            header.append('f').append(j).append(',');
        }
        lines.add(header + "label");
        for (int i = 0; i < rows; i++) {
            double[] x = new double[12];
            StringBuilder line = new StringBuilder();
            for (int j = 0; j < 12; j++) {
                x[j] = rng.nextGaussian();
                line.append(String.format(Locale.ROOT, "%.5f,", x[j]));
            }
            double score = x[0] + 0.8 * x[1] - 0.6 * x[2] + 0.3 * rng.nextGaussian();
            int label = (int) Math.floor(classes * (0.5 + Math.atan(score) / Math.PI));
            lines.add(line.append(Math.min(classes - 1, Math.max(0, label))).toString());
        }
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Settings that read {@code csv} as a 3-class (or {@code classes}-class) table. */
    static List<String> tableSettings(Path csv) {
        return List.of(
                "axiom.data.format=csv",
                "axiom.data.csv.path=\"" + csv + "\"",
                "axiom.data.csv.label-kind=class");
    }

    /** Settings that import {@code file} as the run's network. */
    static List<String> onnx(Path file) {
        return List.of("axiom.model.architecture=onnx", "axiom.model.onnx.file=\"" + file + "\"");
    }

    /** {@code axiom train --no-report --out RUN --set S...}. */
    static Outcome train(Path run, List<String> settings) {
        List<String> args = new ArrayList<>(List.of("train", "--no-report", "--out", run.toString()));
        for (String s : settings) {
            args.add("--set");
            args.add(s);
        }
        return Outcome.of(args.toArray(String[]::new));
    }

    /** {@code a} followed by {@code b}. */
    @SafeVarargs
    static List<String> concat(List<String>... lists) {
        List<String> out = new ArrayList<>();
        for (List<String> l : lists) {
            out.addAll(l);
        }
        return out;
    }

    /** The command succeeded. */
    static Outcome ok(Outcome o) {
        assertThat(o.code()).as("exit code; out: %s; err: %s", o.out(), o.err()).isZero();
        return o;
    }

    /**
     * Exit code 2 and exactly one standard-error line starting {@code axiom: error:} that holds
     * every fragment, and no stack trace.
     */
    static void assertUserError(Outcome o, String... fragments) {
        assertThat(o.err()).as("no stack trace on standard error").doesNotContain("\tat ").doesNotContain("at dev.");
        List<String> errors = o.err().lines().filter(l -> l.startsWith("axiom: error:")).toList();
        assertThat(errors).as("axiom: error: lines in %s", o.err()).hasSize(1);
        assertThat(errors.get(0)).contains(fragments);
        assertThat(o.code()).as("exit code; standard error: %s", o.err()).isEqualTo(2);
    }

    /** The arrays of a checkpoint directory, by name (insertion order kept). */
    static Map<String, float[]> arrays(Path checkpoint) {
        return new LinkedHashMap<>(Checkpoint.read(checkpoint).network());
    }

    /** The arrays of a run's newest checkpoint. */
    static Map<String, float[]> finalArrays(Path run) {
        return arrays(RunDirectory.existing(run).latestCheckpoint().orElseThrow());
    }

    /** Bit-for-bit equal maps of arrays (the same names, the same float bits). */
    static void assertSameArrays(Map<String, float[]> actual, Map<String, float[]> expected, String what) {
        assertThat(new TreeMap<>(actual).keySet()).as("%s: names", what).isEqualTo(new TreeMap<>(expected).keySet());
        for (String name : expected.keySet()) {
            float[] a = actual.get(name);
            float[] e = expected.get(name);
            assertThat(a.length).as("%s: size of %s", what, name).isEqualTo(e.length);
            for (int i = 0; i < e.length; i++) {
                if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(e[i])) {
                    throw new AssertionError(String.format(Locale.ROOT, "%s: %s[%d] is %s, expected %s (bit for bit)%s",
                            what, name, i, a[i], e[i], differing(a, e)));
                }
            }
        }
    }

    private static String differing(float[] a, float[] e) {
        int n = 0;
        double max = 0;
        for (int i = 0; i < e.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(e[i])) {
                n++;
                max = Math.max(max, Math.abs((double) a[i] - e[i]));
            }
        }
        return "; " + n + " of " + e.length + " entries differ, by up to " + max;
    }

    /** Whether two arrays are equal bit for bit. */
    static boolean same(float[] a, float[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                return false;
            }
        }
        return true;
    }

    /** The finite numbers of {@code key} in a run's metrics.jsonl lines of the given type. */
    static List<Double> metric(Path run, String type, String key) {
        try {
            List<Double> out = new ArrayList<>();
            for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
                if (!line.contains("\"type\":\"" + type + "\"")) {
                    continue;
                }
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + key + "\":([^,}]+)").matcher(line);
                if (m.find()) {
                    out.add(Double.parseDouble(m.group(1).replace("\"", "")));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of a CSV file. */
    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String[] fields(String line) {
        return line.split(",");
    }

    static String describe(float[] a) {
        return Arrays.toString(Arrays.copyOf(a, Math.min(a.length, 5)));
    }
}
