package dev.axiom.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An exported Axiom model loaded in ONNX Runtime (which runs its shape inference while loading).
 * Checks the declared inputs and outputs when it opens the file, and the shapes of every call's
 * arrays before running it.
 */
public final class OnnxRuntimeModel implements AutoCloseable {

    private final Path file;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final long[] sampleShape;
    private final long outputs;
    private final boolean attributionHead;

    private OnnxRuntimeModel(Path file, OrtEnvironment environment, OrtSession session) throws OrtException {
        this.file = file;
        this.environment = environment;
        this.session = session;
        Map<String, NodeInfo> inputs = session.getInputInfo();
        Map<String, NodeInfo> outs = session.getOutputInfo();
        if (!inputs.containsKey(OnnxExporter.X) || !outs.containsKey(OnnxExporter.LOGITS)) {
            throw new IllegalArgumentException(file + " is not an Axiom export: it needs an input '" + OnnxExporter.X
                    + "' and an output '" + OnnxExporter.LOGITS + "', it has inputs " + inputs.keySet()
                    + " and outputs " + outs.keySet());
        }
        long[] x = ((TensorInfo) inputs.get(OnnxExporter.X).getInfo()).getShape();
        this.sampleShape = Arrays.copyOfRange(x, 1, x.length);
        this.outputs = ((TensorInfo) outs.get(OnnxExporter.LOGITS).getInfo()).getShape()[1];
        this.attributionHead = outs.containsKey(OnnxExporter.ATTRIBUTIONS);
    }

    /**
     * Loads {@code file} in ONNX Runtime with {@code provider}; ONNX Runtime logs warnings and errors
     * only.
     *
     * @throws IllegalArgumentException if the file is missing, is not a loadable ONNX model, is not
     *     an Axiom export, or the provider is not available in the ONNX Runtime build on the class
     *     path
     */
    public static OnnxRuntimeModel open(Path file, ExecutionProvider provider) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no ONNX model file at " + file);
        }
        requireShortCommandLine();
        OrtEnvironment environment = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "axiom");
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING);
            if (provider == ExecutionProvider.CUDA) {
                try {
                    options.addCUDA(0);
                } catch (OrtException | UnsatisfiedLinkError e) {
                    throw new IllegalArgumentException("the CUDA provider is not available: put "
                            + "com.microsoft.onnxruntime:onnxruntime_gpu on the class path instead of onnxruntime "
                            + "(and install CUDA 12 and cuDNN), or use the cpu provider (" + e.getMessage() + ")");
                }
            }
            OrtSession session;
            try {
                session = environment.createSession(file.toString(), options);
            } catch (OrtException e) {
                throw new IllegalArgumentException("ONNX Runtime cannot load " + file + ": " + e.getMessage());
            }
            try {
                return new OnnxRuntimeModel(file, environment, session);
            } catch (OrtException | RuntimeException e) {
                closeQuietly(session);
                throw e instanceof IllegalArgumentException iae ? iae
                        : new IllegalArgumentException("cannot read the inputs and outputs of " + file + ": " + e.getMessage());
            }
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime session options: " + e.getMessage());
        }
    }

    /**
     * ONNX Runtime 1.29.0 crashes the JVM (SIGSEGV while creating its environment) when the
     * process's command line is longer than about 3,980 bytes (measured on Linux); a long
     * {@code -cp} is the usual cause. Fail with an explanation instead.
     */
    private static void requireShortCommandLine() {
        Path cmdline = Path.of("/proc/self/cmdline");
        long length;
        try {
            length = Files.isReadable(cmdline) ? Files.readAllBytes(cmdline).length : 0;
        } catch (java.io.IOException e) {
            return;
        }
        if (length > MAX_COMMAND_LINE) {
            throw new IllegalArgumentException("this JVM's command line is " + length + " bytes long; ONNX Runtime 1.29.0 "
                    + "crashes the JVM when it is longer than about 3,980 bytes. Pass the class path in the CLASSPATH "
                    + "environment variable or an @argfile instead of -cp (./axiom does)");
        }
    }

    /** Longest command line (bytes of /proc/self/cmdline) allowed before loading ONNX Runtime. */
    static final long MAX_COMMAND_LINE = 3900;

    /** Per-sample input shape. */
    public long[] sampleShape() {
        return sampleShape.clone();
    }

    /** Values per sample. */
    public int sampleSize() {
        return Math.toIntExact(Arrays.stream(sampleShape).reduce(1, (a, b) -> a * b));
    }

    /** Number of outputs per sample. */
    public long outputs() {
        return outputs;
    }

    /** Whether the model has the attribution head. */
    public boolean hasAttributionHead() {
        return attributionHead;
    }

    /** The input and output names with their declared shapes (−1 for a symbolic dimension). */
    public Map<String, long[]> signature() {
        Map<String, long[]> signature = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
                signature.put(e.getKey(), ((TensorInfo) e.getValue().getInfo()).getShape());
            }
            for (Map.Entry<String, NodeInfo> e : session.getOutputInfo().entrySet()) {
                signature.put(e.getKey(), ((TensorInfo) e.getValue().getInfo()).getShape());
            }
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
        return signature;
    }

    /** The outputs for {@code n} samples {@code x} (row-major), {@code n × outputs} values. */
    public float[] predict(float[] x, int n) {
        requireSamples(x, n);
        if (attributionHead) {
            // ONNX Runtime needs every graph input; one reference per sample, the sample itself.
            float[] alphas = new float[n];
            Arrays.fill(alphas, 1f);
            return explain(x, n, x, alphas, new long[n]).logits();
        }
        try (OnnxTensor xs = floats(x, batched(n))) {
            return run(Map.of(OnnxExporter.X, xs), java.util.Set.of(OnnxExporter.LOGITS)).logits();
        }
    }

    /**
     * Outputs and expected-gradients attributions through the attribution head.
     *
     * @param references {@code k} rows per sample (row {@code ℓ·k + j} is reference {@code j} of
     *     sample {@code ℓ})
     * @param alphas one coefficient per reference row
     * @param target the explained output index per sample
     */
    public Outputs explain(float[] x, int n, float[] references, float[] alphas, long[] target) {
        if (!attributionHead) {
            throw new IllegalArgumentException(file + " has no attribution head; export it with --attribution-head");
        }
        requireSamples(x, n);
        int size = sampleSize();
        if (references.length == 0 || references.length % ((long) n * size) != 0) {
            throw new IllegalArgumentException("references must hold k rows of " + size + " values per sample ("
                    + n + " samples), got " + references.length + " values");
        }
        int rows = references.length / size;
        if (alphas.length != rows) {
            throw new IllegalArgumentException("alphas must have one value per reference row (" + rows + "), got " + alphas.length);
        }
        if (target.length != n) {
            throw new IllegalArgumentException("target must have one output index per sample (" + n + "), got " + target.length);
        }
        for (long t : target) {
            if (t < 0 || t >= outputs) {
                throw new IllegalArgumentException("target index " + t + " is outside [0, " + outputs + ")");
            }
        }
        try (OnnxTensor xs = floats(x, batched(n));
                OnnxTensor rs = floats(references, batched(rows));
                OnnxTensor as = floats(alphas, new long[] {rows});
                OnnxTensor ts = OnnxTensor.createTensor(environment, LongBuffer.wrap(target), new long[] {n})) {
            return run(Map.of(OnnxExporter.X, xs, OnnxExporter.REFERENCES, rs, OnnxExporter.ALPHAS, as, OnnxExporter.TARGET, ts),
                    java.util.Set.of(OnnxExporter.LOGITS, OnnxExporter.ATTRIBUTIONS));
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on " + file + ": " + e.getMessage(), e);
        }
    }

    /** What one run returns: the outputs, and the attributions when the head ran (else null). */
    public record Outputs(float[] logits, float[] attributions) {}

    private Outputs run(Map<String, OnnxTensor> inputs, java.util.Set<String> wanted) {
        try (OrtSession.Result result = session.run(inputs, wanted)) {
            float[] logits = values(result.get(OnnxExporter.LOGITS).orElseThrow());
            float[] attributions = result.get(OnnxExporter.ATTRIBUTIONS).map(OnnxRuntimeModel::values).orElse(null);
            return new Outputs(logits, attributions);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on " + file + ": " + e.getMessage(), e);
        }
    }

    private static float[] values(OnnxValue value) {
        FloatBuffer buffer = ((OnnxTensor) value).getFloatBuffer();
        float[] out = new float[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    private OnnxTensor floats(float[] values, long[] shape) {
        try {
            return OnnxTensor.createTensor(environment, FloatBuffer.wrap(values), shape);
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    private void requireSamples(float[] x, int n) {
        if (n < 1 || x.length != (long) n * sampleSize()) {
            throw new IllegalArgumentException("x must hold " + n + " samples of shape " + Arrays.toString(sampleShape)
                    + " (" + (long) n * sampleSize() + " values), got " + x.length + " values");
        }
    }

    private long[] batched(long n) {
        long[] shape = new long[sampleShape.length + 1];
        shape[0] = n;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        return shape;
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // already failing
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
