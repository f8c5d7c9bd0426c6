package dev.axiom.nn;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parses the text form of layer specs and architectures ({@link Architecture#describe()}). */
public final class LayerSpecs {

    private LayerSpecs() {}

    /** Parses one layer, e.g. {@code conv2d(32,5,1,2)}, {@code relu}, {@code dropout(0.5)}. */
    public static LayerSpec parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        String name = t.contains("(") ? t.substring(0, t.indexOf('(')) : t;
        String[] args =
                t.contains("(")
                        ? t.substring(t.indexOf('(') + 1, t.lastIndexOf(')')).split(",")
                        : new String[0];
        try {
            return switch (name) {
                case "linear" -> new LayerSpec.Linear(
                        Integer.parseInt(args[0].trim()),
                        !(args.length > 1 && args[1].trim().equals("nobias")));
                case "conv2d" -> new LayerSpec.Conv2d(
                        Integer.parseInt(args[0].trim()),
                        Integer.parseInt(args[1].trim()),
                        args.length > 2 ? Integer.parseInt(args[2].trim()) : 1,
                        args.length > 3 ? Integer.parseInt(args[3].trim()) : 0);
                case "maxpool" -> new LayerSpec.MaxPool2d(Integer.parseInt(args[0].trim()));
                case "avgpool" -> new LayerSpec.AvgPool2d(Integer.parseInt(args[0].trim()));
                case "dropout" -> new LayerSpec.Dropout(Double.parseDouble(args[0].trim()));
                case "flatten" -> new LayerSpec.Flatten();
                case "batchnorm" -> new LayerSpec.BatchNorm(
                        args.length > 0 ? Double.parseDouble(args[0].trim()) : 0.1,
                        args.length > 1 ? Double.parseDouble(args[1].trim()) : 1e-5);
                default -> new LayerSpec.Activation(ActivationKind.ofLabel(name));
            };
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException && !(e instanceof NumberFormatException)) {
                throw new IllegalArgumentException("bad layer '" + text + "': " + e.getMessage(), e);
            }
            throw new IllegalArgumentException(
                    "bad layer '"
                            + text
                            + "'; expected e.g. linear(128), conv2d(32,5,1,2), maxpool(2), avgpool(2),"
                            + " relu, softplus, tanh, sigmoid, dropout(0.5), flatten, batchnorm",
                    e);
        }
    }

    /** Parses {@link Architecture#describe()}'s output back. */
    public static Architecture parseArchitecture(String text) {
        String t = text.trim();
        int close = t.indexOf(')');
        if (!t.startsWith("(") || close < 0) {
            throw new IllegalArgumentException(
                    "an architecture starts with its input shape, e.g. '(1, 28, 28) conv2d(...)', got '"
                            + text
                            + "'");
        }
        String[] dims = t.substring(1, close).split(",");
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            shape[i] = Long.parseLong(dims[i].trim());
        }
        List<LayerSpec> layers = new ArrayList<>();
        for (String token : t.substring(close + 1).trim().split("\\s+")) {
            if (!token.isEmpty()) {
                layers.add(parse(token));
            }
        }
        return new Architecture(new Shape(shape), layers);
    }
}
