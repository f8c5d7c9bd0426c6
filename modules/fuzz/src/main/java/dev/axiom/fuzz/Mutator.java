package dev.axiom.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded mutations of a real input file: the same seed, input and random generator give the same
 * mutant, so every input a run tried can be made again from its number.
 *
 * <p>Each mutant applies one to three operators, chosen for the file's {@link Format}:
 *
 * <ul>
 *   <li>every format: flipped bits, overwritten bytes, a big-endian integer from {@link #INTS}
 *       written over four bytes (often in the header, where sizes and magic numbers are), a wrong
 *       magic number, truncation, inserted, deleted, duplicated and repeated ranges;
 *   <li>{@link Format#LINES} (CSV, edge lists, HTTP requests) and {@link Format#NESTED} also:
 *       duplicated, deleted and swapped lines, a field replaced by one of {@link #TOKENS} (huge
 *       numbers, NaN, infinities, −0, quotes, missing-value markers, unicode, path traversal), a
 *       very long field, a line with thousands of fields;
 *   <li>{@link Format#NESTED} (HOCON, JSON) also: deep nesting ({@code a{a{a{…}, [[[[…}) up to
 *       {@value #MAX_DEPTH} levels, with or without its closing brackets, and substitution
 *       cycles.
 * </ul>
 *
 * Mutants are capped at {@value #MAX_BYTES} bytes.
 */
public final class Mutator {

    /** The largest mutant, in bytes. */
    public static final int MAX_BYTES = 4 << 20;
    /** The deepest nesting inserted. */
    public static final int MAX_DEPTH = 50_000;

    /** Texts that readers of numbers, cells, keys and paths must survive. */
    public static final List<String> TOKENS = List.of(
            "NaN", "-NaN", "nan", "Infinity", "-Infinity", "inf", "1e39", "-1e39", "3.4028236e38", "1e-46",
            "1e999999999", "-0", "-0.0", "0", "00000000000000000001", "2147483647", "2147483648", "-2147483649",
            "9223372036854775807", "9223372036854775808", "-9223372036854775809",
            "99999999999999999999999999999999999999", "0x7fffffff", "1_000", "1,5", "", " ", "NA", "?", "\"",
            "\"\"", "\",\"", ",", ",,", "null", "true", "{}", "[]", "${x}", "${?axiom.seed}", "é", "\u0000",
            "\uFEFF", "\uD835\uDD38", "\\", "\\u0000", "../", "..%2f", "%2e%2e%2f", "%00", "%", "%zz", "/", "//",
            "\t", "\r", "\n", "#", "=", ":");

    /** Integers written over four bytes: limits, sizes, and the magic numbers of other files. */
    public static final int[] INTS = {
        0, 1, -1, 2, 255, 256, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0x7FFFFFF7, 0x40000000,
        0x00000801, 0x00000803, 0x00000D03, 0x00000C03, 0x00000E03, 0x00000804, 0x4158494F, 0x1F8B0800, 0x08011200
    };

    /** What kind of file a seed is, which decides the operators. */
    public enum Format {
        /** Binary: IDX, gzip, checkpoints, protobuf. */
        BINARY,
        /** Text in lines of fields: CSV, edge lists, HTTP requests. */
        LINES,
        /** Text with nesting: HOCON, JSON. */
        NESTED
    }

    /**
     * A mutant.
     *
     * @param bytes its content
     * @param description the operators applied, in order, for messages and reproduction
     */
    public record Mutant(byte[] bytes, String description) {}

    private final Format format;

    /** A mutator for files of {@code format}. */
    public Mutator(Format format) {
        this.format = format;
    }

    /** One to three operators applied to {@code seed}, drawn from {@code rng}. */
    public Mutant mutate(byte[] seed, SplittableRandom rng) {
        byte[] bytes = seed;
        List<String> applied = new ArrayList<>();
        int count = 1 + rng.nextInt(3);
        for (int k = 0; k < count; k++) {
            int textual = format == Format.BINARY ? 0 : (format == Format.LINES ? 9 : 11);
            int op = rng.nextInt(10 + textual);
            StringBuilder what = new StringBuilder();
            bytes = apply(op, bytes, rng, what);
            if (bytes.length > MAX_BYTES) {
                bytes = Arrays.copyOf(bytes, MAX_BYTES);
                what.append(" (capped)");
            }
            applied.add(what.toString());
        }
        return new Mutant(bytes, String.join(", ", applied));
    }

    private byte[] apply(int op, byte[] b, SplittableRandom rng, StringBuilder what) {
        return switch (op) {
            case 0 -> flipBit(b, rng, what);
            case 1 -> setByte(b, rng, what);
            case 2, 3 -> setInt(b, rng, what);
            case 4 -> wrongMagic(b, rng, what);
            case 5 -> truncate(b, rng, what);
            case 6 -> insertBytes(b, rng, what);
            case 7 -> deleteRange(b, rng, what);
            case 8 -> duplicateRange(b, rng, what);
            case 9 -> repeatRange(b, rng, what);
            case 10, 11 -> lines(b, rng, what);
            case 12, 13, 14 -> replaceField(b, rng, what);
            case 15 -> insertToken(b, rng, what);
            case 16 -> longField(b, rng, what);
            case 17 -> manyFields(b, rng, what);
            case 18 -> crlf(b, what);
            case 19, 20 -> nest(b, rng, what);
            default -> throw new IllegalStateException("operator " + op);
        };
    }

    private static byte[] flipBit(byte[] b, SplittableRandom rng, StringBuilder what) {
        if (b.length == 0) {
            what.append("flip: empty");
            return b;
        }
        byte[] out = b.clone();
        int at = rng.nextInt(out.length);
        int bit = rng.nextInt(8);
        out[at] ^= (byte) (1 << bit);
        what.append("flip bit ").append(bit).append(" of byte ").append(at);
        return out;
    }

    private static byte[] setByte(byte[] b, SplittableRandom rng, StringBuilder what) {
        if (b.length == 0) {
            what.append("set byte: empty");
            return b;
        }
        byte[] out = b.clone();
        int at = rng.nextInt(out.length);
        int[] interesting = {0, 0xFF, 0x7F, 0x80, 0x01, rng.nextInt(256)};
        out[at] = (byte) interesting[rng.nextInt(interesting.length)];
        what.append(String.format("byte %d = 0x%02X", at, out[at] & 0xFF));
        return out;
    }

    /** A big-endian integer from {@link #INTS} over four bytes, half the time in the first 32 bytes, aligned. */
    private static byte[] setInt(byte[] b, SplittableRandom rng, StringBuilder what) {
        if (b.length < 4) {
            what.append("set int: too short");
            return b;
        }
        byte[] out = b.clone();
        int at = rng.nextBoolean() ? 4 * rng.nextInt(Math.min(8, out.length / 4)) : rng.nextInt(out.length - 3);
        int value = INTS[rng.nextInt(INTS.length)];
        ByteBuffer.wrap(out, at, 4).putInt(value);
        what.append(String.format("int at byte %d = 0x%08X", at, value));
        return out;
    }

    private static byte[] wrongMagic(byte[] b, SplittableRandom rng, StringBuilder what) {
        byte[] out = b.length < 8 ? Arrays.copyOf(b, 8) : b.clone();
        if (rng.nextBoolean()) {
            int value = INTS[rng.nextInt(INTS.length)];
            ByteBuffer.wrap(out, 0, 4).putInt(value);
            what.append(String.format("magic = 0x%08X", value));
        } else {
            for (int i = 0; i < 8; i++) {
                out[i] = (byte) rng.nextInt(256);
            }
            what.append("random first 8 bytes");
        }
        return out;
    }

    private static byte[] truncate(byte[] b, SplittableRandom rng, StringBuilder what) {
        int length = b.length == 0 ? 0 : rng.nextInt(4) == 0 ? rng.nextInt(Math.min(b.length, 64)) : rng.nextInt(b.length);
        what.append("truncated to ").append(length).append(" bytes");
        return Arrays.copyOf(b, length);
    }

    private static byte[] insertBytes(byte[] b, SplittableRandom rng, StringBuilder what) {
        byte[] insert = new byte[1 + rng.nextInt(16)];
        for (int i = 0; i < insert.length; i++) {
            insert[i] = (byte) rng.nextInt(256);
        }
        int at = rng.nextInt(b.length + 1);
        what.append(insert.length).append(" random bytes inserted at ").append(at);
        return splice(b, at, at, insert);
    }

    private static byte[] deleteRange(byte[] b, SplittableRandom rng, StringBuilder what) {
        if (b.length == 0) {
            what.append("delete: empty");
            return b;
        }
        int from = rng.nextInt(b.length);
        int to = Math.min(b.length, from + 1 + rng.nextInt(Math.min(b.length, 256)));
        what.append("bytes ").append(from).append("..").append(to).append(" deleted");
        return splice(b, from, to, new byte[0]);
    }

    private static byte[] duplicateRange(byte[] b, SplittableRandom rng, StringBuilder what) {
        if (b.length == 0) {
            what.append("duplicate: empty");
            return b;
        }
        int from = rng.nextInt(b.length);
        int to = Math.min(b.length, from + 1 + rng.nextInt(Math.min(b.length, 512)));
        int at = rng.nextInt(b.length + 1);
        what.append("bytes ").append(from).append("..").append(to).append(" copied to ").append(at);
        return splice(b, at, at, Arrays.copyOfRange(b, from, to));
    }

    private static byte[] repeatRange(byte[] b, SplittableRandom rng, StringBuilder what) {
        if (b.length == 0) {
            what.append("repeat: empty");
            return b;
        }
        int from = rng.nextInt(b.length);
        int to = Math.min(b.length, from + 1 + rng.nextInt(Math.min(b.length, 16)));
        int times = 1 << (4 + rng.nextInt(13));
        byte[] chunk = Arrays.copyOfRange(b, from, to);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < times && out.size() < MAX_BYTES; i++) {
            out.writeBytes(chunk);
        }
        what.append("bytes ").append(from).append("..").append(to).append(" repeated ").append(times).append(" times");
        return splice(b, to, to, out.toByteArray());
    }

    private static List<String> linesOf(byte[] b) {
        return new ArrayList<>(Arrays.asList(new String(b, StandardCharsets.UTF_8).split("\n", -1)));
    }

    private static byte[] join(List<String> lines) {
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] lines(byte[] b, SplittableRandom rng, StringBuilder what) {
        List<String> lines = linesOf(b);
        int i = rng.nextInt(lines.size());
        int j = rng.nextInt(lines.size());
        switch (rng.nextInt(5)) {
            case 0 -> {
                lines.add(j, lines.get(i));
                what.append("line ").append(i + 1).append(" duplicated before line ").append(j + 1);
            }
            case 1 -> {
                lines.remove(i);
                what.append("line ").append(i + 1).append(" deleted");
            }
            case 2 -> {
                String li = lines.get(i);
                lines.set(i, lines.get(j));
                lines.set(j, li);
                what.append("lines ").append(i + 1).append(" and ").append(j + 1).append(" swapped");
            }
            case 3 -> {
                int keep = rng.nextInt(lines.size());
                lines = new ArrayList<>(lines.subList(0, Math.max(1, keep)));
                what.append("only the first ").append(Math.max(1, keep)).append(" lines kept");
            }
            default -> {
                lines.add(i, "");
                what.append("blank line before line ").append(i + 1);
            }
        }
        return join(lines);
    }

    /** A token in place of one field of one line; fields are cut at commas, spaces and {@code =}. */
    private static byte[] replaceField(byte[] b, SplittableRandom rng, StringBuilder what) {
        List<String> lines = linesOf(b);
        int i = rng.nextInt(lines.size());
        String line = lines.get(i);
        List<int[]> fields = new ArrayList<>();
        int start = 0;
        for (int k = 0; k <= line.length(); k++) {
            if (k == line.length() || ",= \t:&?/".indexOf(line.charAt(k)) >= 0) {
                fields.add(new int[] {start, k});
                start = k + 1;
            }
        }
        int[] f = fields.get(rng.nextInt(fields.size()));
        String token = token(rng);
        lines.set(i, line.substring(0, f[0]) + token + line.substring(f[1]));
        what.append("line ").append(i + 1).append(" field '").append(abbreviate(line.substring(f[0], f[1])))
                .append("' = '").append(abbreviate(token)).append("'");
        return join(lines);
    }

    private static String token(SplittableRandom rng) {
        return switch (rng.nextInt(6)) {
            case 0 -> "9".repeat(1 + rng.nextInt(400));
            case 1 -> "-" + (rng.nextLong() >>> rng.nextInt(63)) + "e" + (rng.nextInt(700) - 350);
            default -> TOKENS.get(rng.nextInt(TOKENS.size()));
        };
    }

    private static byte[] insertToken(byte[] b, SplittableRandom rng, StringBuilder what) {
        String token = token(rng);
        int at = rng.nextInt(b.length + 1);
        what.append("'").append(abbreviate(token)).append("' inserted at byte ").append(at);
        return splice(b, at, at, token.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] longField(byte[] b, SplittableRandom rng, StringBuilder what) {
        int length = 1 << (10 + rng.nextInt(10));
        String field = String.valueOf("a9\"é,".charAt(rng.nextInt(5))).repeat(length);
        int at = rng.nextInt(b.length + 1);
        what.append("a field of ").append(length).append(" '").append(field.charAt(0)).append("' at byte ").append(at);
        return splice(b, at, at, field.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] manyFields(byte[] b, SplittableRandom rng, StringBuilder what) {
        List<String> lines = linesOf(b);
        int i = rng.nextInt(lines.size());
        int count = 1 << (6 + rng.nextInt(11));
        lines.set(i, lines.get(i) + ",x".repeat(count));
        what.append(count).append(" fields appended to line ").append(i + 1);
        return join(lines);
    }

    private static byte[] crlf(byte[] b, StringBuilder what) {
        what.append("line ends CRLF");
        return new String(b, StandardCharsets.UTF_8).replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Deep nesting ({@code a{a{…}}, {@code [[[…]]]}, {@code {"a":{…}}}) at a line start, or a substitution cycle. */
    private static byte[] nest(byte[] b, SplittableRandom rng, StringBuilder what) {
        List<String> lines = linesOf(b);
        int i = rng.nextInt(lines.size() + 1);
        int depth = new int[] {16, 256, 4096, MAX_DEPTH}[rng.nextInt(4)];
        boolean closed = rng.nextBoolean();
        String inserted;
        switch (rng.nextInt(4)) {
            case 0 -> {
                inserted = "a{".repeat(depth) + (closed ? "}".repeat(depth) : "");
                what.append("HOCON objects");
            }
            case 1 -> {
                inserted = "x = " + "[".repeat(depth) + (closed ? "]".repeat(depth) : "");
                what.append("lists");
            }
            case 2 -> {
                inserted = "{\"a\":".repeat(depth) + "1" + (closed ? "}".repeat(depth) : "");
                what.append("JSON objects");
            }
            default -> {
                lines.add(Math.min(i, lines.size()), "axiom.seed = ${axiom.train.epochs}\naxiom.train.epochs = ${axiom.seed}");
                what.append("a substitution cycle before line ").append(i + 1);
                return join(lines);
            }
        }
        lines.add(Math.min(i, lines.size()), inserted);
        what.append(" nested ").append(depth).append(" deep").append(closed ? "" : ", unclosed")
                .append(", before line ").append(i + 1);
        return join(lines);
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        byte[] out = new byte[b.length - (to - from) + insert.length];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(b, to, out, from + insert.length, b.length - to);
        return out;
    }

    private static String abbreviate(String s) {
        String printable = s.replace("\n", "\\n").replace("\r", "\\r").replace("\u0000", "\\0");
        return printable.length() <= 24 ? printable : printable.substring(0, 20) + "…(" + s.length() + ")";
    }
}
