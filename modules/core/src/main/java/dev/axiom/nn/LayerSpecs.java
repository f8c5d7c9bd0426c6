package dev.axiom.nn;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Parses the text form of layer specs and architectures ({@link Architecture#describe()}). */
public final class LayerSpecs {

    private static final String EXAMPLES =
            "linear(128), conv2d(32,5,1,2), conv2d(32,3,1,1,groups=32,nobias), maxpool(2),"
                    + " maxpool(kernel=3,stride=2,pads=1), avgpool(2), gap, relu, relu6, leakyrelu(0.01),"
                    + " clip(0,6), softplus, tanh, sigmoid, dropout(0.5), flatten, reshape(16x7x7), batchnorm,"
                    + " identity, add, mul, concat(0)";

    private LayerSpecs() {}

    /** Parses one layer, e.g. {@code conv2d(32,5,1,2)}, {@code relu}, {@code dropout(0.5)}. */
    public static LayerSpec parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        String name = t.contains("(") ? t.substring(0, t.indexOf('(')).trim() : t;
        List<String> args = t.contains("(")
                ? Arrays.stream(t.substring(t.indexOf('(') + 1, t.lastIndexOf(')')).split(",")).map(String::trim).toList()
                : List.of();
        try {
            return switch (name) {
                case "linear" -> new LayerSpec.Linear(
                        Integer.parseInt(args.get(0)), !args.contains("nobias"), args.contains("inxout"));
                case "conv2d" -> conv(args);
                case "maxpool" -> args.size() == 1 && !args.get(0).contains("=")
                        ? new LayerSpec.MaxPool2d(Integer.parseInt(args.get(0)))
                        : new LayerSpec.MaxPool2d(Window2d.parse(args));
                case "avgpool" -> args.size() == 1 && !args.get(0).contains("=")
                        ? new LayerSpec.AvgPool2d(Integer.parseInt(args.get(0)))
                        : new LayerSpec.AvgPool2d(
                                Window2d.parse(args.stream().filter(a -> !a.equals("include-pad")).toList()),
                                args.contains("include-pad"));
                case "gap" -> new LayerSpec.GlobalAvgPool();
                case "leakyrelu" -> new LayerSpec.LeakyRelu(args.isEmpty() ? 0.01 : Double.parseDouble(args.get(0)));
                case "clip" -> new LayerSpec.Clip(real(args.get(0)), real(args.get(1)));
                case "relu6" -> new LayerSpec.Clip(0, 6);
                case "dropout" -> new LayerSpec.Dropout(Double.parseDouble(args.get(0)));
                case "flatten" -> new LayerSpec.Flatten();
                case "reshape" -> new LayerSpec.Reshape(dims(args.get(0)));
                case "batchnorm" -> new LayerSpec.BatchNorm(
                        args.size() > 0 ? Double.parseDouble(args.get(0)) : 0.1,
                        args.size() > 1 ? Double.parseDouble(args.get(1)) : 1e-5);
                case "identity" -> new LayerSpec.Identity();
                case "pad" -> pad(args);
                case "shift" -> new LayerSpec.Shift(dims(args.get(0)), !args.contains("frozen"));
                case "scale" -> new LayerSpec.Scale(dims(args.get(0)), !args.contains("frozen"));
                case "add" -> new LayerSpec.Add();
                case "mul" -> new LayerSpec.Mul();
                case "concat" -> new LayerSpec.Concat(args.isEmpty() ? 0 : Integer.parseInt(args.get(0)));
                default -> new LayerSpec.Activation(ActivationKind.ofLabel(name));
            };
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException && !(e instanceof NumberFormatException)) {
                throw new IllegalArgumentException("bad layer '" + text + "': " + e.getMessage(), e);
            }
            throw new IllegalArgumentException("bad layer '" + text + "'; expected e.g. " + EXAMPLES, e);
        }
    }

    /** A number, {@code inf} and {@code infinity} (with a sign) included, in any case. */
    private static double real(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        String magnitude = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
        if (magnitude.equals("inf") || magnitude.equals("infinity")) {
            return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.parseDouble(t);
    }

    private static LayerSpec conv(List<String> args) {
        int filters = Integer.parseInt(args.get(0));
        List<String> rest = args.subList(1, args.size());
        int groups = 1;
        boolean bias = true;
        List<String> geometry = new ArrayList<>();
        for (String a : rest) {
            if (a.startsWith("groups=")) {
                groups = Integer.parseInt(a.substring("groups=".length()));
            } else if (a.equals("nobias")) {
                bias = false;
            } else {
                geometry.add(a);
            }
        }
        if (!geometry.isEmpty() && !geometry.get(0).contains("=")) {
            int kernel = Integer.parseInt(geometry.get(0));
            int stride = geometry.size() > 1 ? Integer.parseInt(geometry.get(1)) : 1;
            int padding = geometry.size() > 2 ? Integer.parseInt(geometry.get(2)) : 0;
            LayerSpec.Conv2d square = new LayerSpec.Conv2d(filters, kernel, stride, padding);
            return new LayerSpec.Conv2d(filters, square.window(), groups, bias);
        }
        return new LayerSpec.Conv2d(filters, Window2d.parse(geometry), groups, bias);
    }

    private static LayerSpec pad(List<String> args) {
        String[] amounts = args.get(0).split(":");
        if (amounts.length % 2 != 0) {
            throw new IllegalArgumentException("pad needs before and after amounts for every axis, got " + args.get(0));
        }
        List<Integer> all = Arrays.stream(amounts).map(s -> Integer.parseInt(s.trim())).toList();
        int half = all.size() / 2;
        return new LayerSpec.Pad(all.subList(0, half), all.subList(half, all.size()),
                args.size() > 1 ? Double.parseDouble(args.get(1)) : 0);
    }

    private static Shape dims(String text) {
        if (text.equals("scalar")) {
            return new Shape();
        }
        return new Shape(Arrays.stream(text.split("x")).mapToLong(s -> Long.parseLong(s.trim())).toArray());
    }

    /**
     * The per-sample output shape of {@code spec} for inputs of per-sample shapes {@code inputs},
     * or the layer's own error (naming {@code where}) if they do not fit.
     */
    public static Shape outputShape(LayerSpec spec, List<Shape> inputs, String where) {
        try (ai.djl.ndarray.NDManager scratch = ai.djl.ndarray.NDManager.newBaseManager()) {
            Node node = new Node("shape-check", spec, java.util.Collections.nCopies(inputs.size(), "input"), Map.of());
            return spec.build(inputs, new ParameterFactory(scratch, ai.djl.ndarray.types.DataType.FLOAT32,
                    new dev.axiom.tensor.Rng(0), 0, node, where)).outputShape();
        }
    }

    /** Parses {@link Architecture#describe()}'s output back (a sequential stack or a graph). */
    public static Architecture parseArchitecture(String text) {
        String t = text.trim();
        if (t.startsWith("graph ")) {
            return parseGraph(t.substring("graph ".length()).trim());
        }
        int close = t.indexOf(')');
        if (!t.startsWith("(") || close < 0) {
            throw new IllegalArgumentException(
                    "an architecture starts with its input shape, e.g. '(1, 28, 28) conv2d(...)', got '" + text + "'");
        }
        Shape shape = shapeOf(t.substring(1, close));
        List<LayerSpec> layers = new ArrayList<>();
        for (String token : t.substring(close + 1).trim().split("\\s+")) {
            if (!token.isEmpty()) {
                layers.add(parse(token));
            }
        }
        return new Architecture(shape, layers);
    }

    private static Shape shapeOf(String dims) {
        String[] parts = dims.split(",");
        long[] shape = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            shape[i] = Long.parseLong(parts[i].trim());
        }
        return new Shape(shape);
    }

    private static Architecture parseGraph(String t) {
        int close = t.indexOf(')');
        Shape shape = shapeOf(t.substring(1, close));
        Reader r = new Reader(t, close + 1);
        String input = r.name();
        r.expect("->");
        String output = r.name();
        r.expect(":");
        List<Node> nodes = new ArrayList<>();
        while (!r.done()) {
            String name = r.name();
            r.expect("=");
            LayerSpec spec = parse(r.until("{<"));
            Map<Parameter.Role, String> names = new EnumMap<>(Parameter.Role.class);
            if (r.skip("{")) {
                do {
                    String role = r.until("=").trim();
                    r.expect("=");
                    names.put(Parameter.Role.valueOf(role.toUpperCase(Locale.ROOT)), r.name());
                } while (r.skip(","));
                r.expect("}");
            }
            r.expect("<");
            List<String> inputs = new ArrayList<>();
            do {
                inputs.add(r.name());
            } while (r.skip(","));
            nodes.add(new Node(name, spec, inputs, names));
            if (!r.done()) {
                r.expect(";");
            }
        }
        return new Architecture(shape, input, nodes, output);
    }

    /** A node or tensor name as the graph text form writes it: quoted when it has a separator in it. */
    static String quote(String name) {
        boolean plain = !name.isEmpty() && name.chars().noneMatch(c -> " \t;=<>,{}\"():".indexOf(c) >= 0);
        return plain ? name : '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** A cursor over the graph text form. */
    private static final class Reader {
        private final String text;
        private int at;

        Reader(String text, int at) {
            this.text = text;
            this.at = at;
        }

        boolean done() {
            blanks();
            return at >= text.length();
        }

        void blanks() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        boolean skip(String token) {
            blanks();
            if (text.startsWith(token, at)) {
                at += token.length();
                return true;
            }
            return false;
        }

        void expect(String token) {
            if (!skip(token)) {
                throw new IllegalArgumentException("expected '" + token + "' at character " + at + " of the graph text");
            }
        }

        /** The text up to (not including) the first of {@code stops} outside parentheses. */
        String until(String stops) {
            blanks();
            int depth = 0;
            int start = at;
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                } else if (depth == 0 && stops.indexOf(c) >= 0) {
                    break;
                }
                at++;
            }
            return text.substring(start, at);
        }

        String name() {
            blanks();
            if (at < text.length() && text.charAt(at) == '"') {
                StringBuilder b = new StringBuilder();
                at++;
                while (at < text.length() && text.charAt(at) != '"') {
                    char c = text.charAt(at++);
                    b.append(c == '\\' ? text.charAt(at++) : c);
                }
                at++;
                return b.toString();
            }
            int start = at;
            while (at < text.length() && " \t;=<>,{}\"():".indexOf(text.charAt(at)) < 0) {
                at++;
            }
            if (start == at && text.startsWith("->", at)) {
                throw new IllegalArgumentException("expected a name at character " + at + " of the graph text");
            }
            return text.substring(start, at);
        }
    }
}
