package dev.axiom.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.axiom.tensor.Tensors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The golden tensors PyTorch computed for a fixture of {@code onnx-models/imported/} (one
 * serialized {@code TensorProto} per file, keyed by its name), or of ONNX's own node tests.
 */
final class GoldenTensors {

    private final Map<String, ConstantTensor> tensors = new HashMap<>();

    private GoldenTensors() {}

    /** Reads every {@code *.pb} of {@code dir}. */
    static GoldenTensors read(Path dir) {
        GoldenTensors g = new GoldenTensors();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".pb")).toList()) {
                TensorProto t = proto(f);
                g.tensors.put(t.getName(), ConstantTensor.of(t));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return g;
    }

    static TensorProto proto(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return TensorProto.parseFrom(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ConstantTensor get(String name) {
        ConstantTensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no golden tensor '" + name + "'; have " + tensors.keySet());
        }
        return t;
    }

    boolean has(String name) {
        return tensors.containsKey(name);
    }

    Map<String, ConstantTensor> all() {
        return tensors;
    }

    /** The tensor as an array of {@code type} in {@code manager}. */
    static NDArray array(NDManager manager, ConstantTensor t, DataType type) {
        Shape shape = new Shape(t.dims());
        if (t.integer()) {
            return Tensors.owned(manager.create(t.ints(), shape));
        }
        NDArray a = Tensors.owned(manager.create(t.reals(), shape));
        return type == DataType.FLOAT64 ? a : a.toType(type, false);
    }

    /** {@code max |a − b| / max |b|}. */
    static double relativeError(double[] actual, double[] expected) {
        return relativeError(actual, expected, 0);
    }

    /** {@code max |a − b| / max(max |b|, floor)}. */
    static double relativeError(double[] actual, double[] expected, double floor) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        scale = Math.max(scale, floor);
        return scale == 0 ? diff : diff / scale;
    }
}
