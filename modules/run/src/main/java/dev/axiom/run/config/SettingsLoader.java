package dev.axiom.run.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the configuration of a run: {@code --set} overrides over a user file over the
 * {@code reference.conf} defaults, and checks that every key the user wrote exists (naming the
 * closest valid key and where the unknown one was written).
 */
public final class SettingsLoader {

    private static final String ROOT = "axiom";
    /** The largest settings file read (the presets have under 6 KB; the parser takes seconds over files of a few hundred KB). */
    static final int MAX_FILE_BYTES = 64 * 1024;
    /** The deepest nesting of braces and brackets in a settings file. */
    static final int MAX_DEPTH = 64;
    /** Origin description of values given with {@code --set} (see {@link ConfigReader}). */
    static final String SET_ORIGIN = "--set";

    private SettingsLoader() {}

    /**
     * The merged, resolved configuration.
     *
     * @param file a HOCON file, or null for the defaults alone
     * @param overrides {@code key=value} strings (HOCON values; bare words are strings)
     * @throws SettingsException for a missing or unparsable file, a malformed override, an
     *     unresolvable substitution, or an unknown key (naming the closest valid key)
     */
    public static Config load(Path file, List<String> overrides) {
        Config reference = ConfigFactory.defaultReference();
        Config user = ConfigFactory.empty();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new SettingsException("config file " + file + ": no such file");
            }
            checkShape(file);
            try {
                user = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            } catch (ConfigException e) {
                throw new SettingsException("config file " + file + ": " + withoutOrigin(e, file));
            } catch (StackOverflowError e) {
                throw new SettingsException("config file " + file + ": too deeply nested or too long a value to parse");
            }
            try {
                checkDepth(user.root(), 0, file);
                checkKeys(user, reference, null);
            } catch (StackOverflowError e) {
                // a backstop behind checkShape and checkDepth: the HOCON library recurses per level
                throw new SettingsException("config file " + file + ": too deeply nested to read");
            }
        }
        Config set = ConfigFactory.empty();
        for (String override : overrides) {
            Config one = parseOverride(override);
            checkKeys(one, reference, "--set " + override);
            set = one.withFallback(set);
        }
        try {
            return set.withFallback(user).withFallback(reference).resolve();
        } catch (ConfigException e) {
            throw new SettingsException(e.getMessage());
        }
    }

    /**
     * Refuses, before parsing, a file the HOCON parser would take seconds over or overflow its stack
     * on: more than {@value #MAX_FILE_BYTES} bytes, or brackets nested more than {@value #MAX_DEPTH}
     * deep (settings nest a few levels; the parser recurses once per level).
     */
    private static void checkShape(Path file) {
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new SettingsException("config file " + file + ": " + size + " bytes; a settings file may have at most "
                        + MAX_FILE_BYTES + " (is it the right file?)");
            }
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SettingsException("config file " + file + ": cannot be read (" + e.getMessage() + ")");
        }
        int depth = 0;
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
            } else if (c == '"') {
                boolean triple = text.startsWith("\"\"\"", i);
                int end = triple ? text.indexOf("\"\"\"", i + 3) : endOfQuoted(text, i);
                if (end < 0) {
                    return; // the parser names the unclosed string
                }
                for (int k = i; k < end; k++) {
                    line += text.charAt(k) == '\n' ? 1 : 0;
                }
                i = triple ? end + 2 : end;
            } else if (c == '#' || (c == '/' && text.startsWith("//", i))) {
                int end = text.indexOf('\n', i);
                i = (end < 0 ? text.length() : end) - 1;
            } else if (c == '{' || c == '[') {
                if (++depth > MAX_DEPTH) {
                    throw new SettingsException("config file " + file + ", line " + line + ": nested more than " + MAX_DEPTH
                            + " levels deep (settings nest a few levels)");
                }
            } else if (c == '}' || c == ']') {
                depth = Math.max(0, depth - 1);
            }
        }
    }

    /**
     * Refuses objects nested more than {@value #MAX_DEPTH} levels, which dotted keys make without a
     * bracket ({@code a.a.a.a… = 1}); the walk stops there, so it cannot overflow the stack itself
     * (and it reads keys one by one: hashing a deep object would recurse through it).
     */
    private static void checkDepth(ConfigObject object, int depth, Path file) {
        if (depth > MAX_DEPTH) {
            throw new SettingsException("config file " + file + ": settings nested more than " + MAX_DEPTH
                    + " levels deep (dotted keys count as levels; settings nest a few)");
        }
        for (String key : object.keySet()) {
            if (object.get(key) instanceof ConfigObject child) {
                checkDepth(child, depth + 1, file);
            }
        }
    }

    /** The index of the quote closing the one-line string opened at {@code open}, or -1. */
    private static int endOfQuoted(String text, int open) {
        for (int k = open + 1; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == '\\') {
                k++;
            } else if (c == '"') {
                return k;
            } else if (c == '\n') {
                return -1;
            }
        }
        return -1;
    }

    /** The {@code axiom} subtree rendered as HOCON, as written into a run directory. */
    public static String render(Config config) {
        return config.getConfig(ROOT).atKey(ROOT).root().render(
                ConfigRenderOptions.defaults().setOriginComments(false).setJson(false).setFormatted(true));
    }

    private static Config parseOverride(String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new SettingsException("--set needs KEY=VALUE, got '" + override + "'");
        }
        String key = override.substring(0, eq).trim();
        String value = override.substring(eq + 1).trim();
        ConfigParseOptions options = ConfigParseOptions.defaults().setOriginDescription(SET_ORIGIN);
        if (hidesAComment(value)) {
            return parseQuoted(override, key, value, options);
        }
        try {
            return ConfigFactory.parseString(key + " = " + value, options);
        } catch (ConfigException e) {
            return parseQuoted(override, key, value, options);
        }
    }

    /**
     * Whether HOCON would cut {@code value} at a comment ({@code #} or {@code //}, as in a path
     * {@code /data//x.csv}); such values are taken as strings, whole.
     */
    private static boolean hidesAComment(String value) {
        boolean structured = value.startsWith("\"") || value.startsWith("[") || value.startsWith("{");
        return !structured && (value.contains("#") || value.contains("//"));
    }

    private static Config parseQuoted(String override, String key, String value, ConfigParseOptions options) {
        try {
            return ConfigFactory.parseString(key + " = " + ConfigValueQuoting.quote(value), options);
        } catch (ConfigException e) {
            throw new SettingsException("--set " + override + ": " + e.getMessage().replaceFirst("^--set: \\d+: ", ""));
        }
    }

    /**
     * Checks every key of {@code user} against {@code reference}. The user's configuration is not
     * resolved yet (presets refer to {@code ${axiom.data-root}}), so values are only inspected where
     * they are plain values; substitutions are checked when the whole configuration is resolved.
     *
     * @param where the {@code --set} argument the keys came from, or null to name each key's file and line
     */
    private static void checkKeys(Config user, Config reference, String where) {
        List<String> valid = new ArrayList<>();
        valid.add(ROOT);
        collect(reference.getConfig(ROOT).root(), ROOT, valid, true);
        for (Map.Entry<String, ConfigValue> top : user.root().entrySet()) {
            String key = ConfigValueQuoting.key(top.getKey());
            ConfigValue value = top.getValue();
            if (!key.equals(ROOT)) {
                String first = leaves(value, key).keySet().iterator().next();
                throw unknown(first, valid, where(where, value.origin()));
            }
            for (Map.Entry<String, ConfigValue> e : leaves(value, ROOT).entrySet()) {
                String path = e.getKey();
                if (!reference.hasPathOrNull(path)) {
                    throw unknown(path, valid, where(where, e.getValue().origin()));
                }
                boolean section = !reference.getIsNull(path) && reference.getValue(path).valueType() == ConfigValueType.OBJECT;
                if (section && isPlainValue(e.getValue())) {
                    throw section(path, e.getValue(), where);
                }
            }
        }
    }

    /** Whether {@code value} is a resolved value other than a section. */
    private static boolean isPlainValue(ConfigValue value) {
        try {
            return value.valueType() != ConfigValueType.OBJECT;
        } catch (ConfigException.NotResolved e) {
            return false;
        }
    }

    private static SettingsException unknown(String key, List<String> valid, String where) {
        String closest = Closest.match(key, valid);
        String shown = key.length() <= 200 ? key : key.substring(0, 200) + "… (" + key.length() + " characters)";
        return new SettingsException("unknown key '" + shown + "' (" + where + ")"
                + (closest == null ? "" : "; did you mean '" + closest + "'?"));
    }

    private static SettingsException section(String key, ConfigValue value, String where) {
        return new SettingsException("key '" + key + "' (" + where(where, value.origin())
                + ") is a section with settings inside; it cannot be set to " + value.render(ConfigRenderOptions.concise()));
    }

    private static String where(String setArgument, ConfigOrigin origin) {
        if (setArgument != null) {
            return "in " + setArgument;
        }
        return "in " + origin.filename() + (origin.lineNumber() > 0 ? ", line " + origin.lineNumber() : "");
    }

    /**
     * The leaves at or below {@code value}, by path: plain values, empty sections, and values not
     * resolved yet.
     */
    private static Map<String, ConfigValue> leaves(ConfigValue value, String path) {
        Map<String, ConfigValue> out = new LinkedHashMap<>();
        if (value instanceof ConfigObject object) {
            try {
                for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
                    out.putAll(leaves(e.getValue(), path + "." + ConfigValueQuoting.key(e.getKey())));
                }
            } catch (ConfigException.NotResolved e) {
                out.clear();
            }
        }
        if (out.isEmpty()) {
            out.put(path, value);
        }
        return out;
    }

    /** Leaf paths (and, for the reference, section paths too) below {@code object}. */
    private static void collect(ConfigObject object, String prefix, List<String> out, boolean sections) {
        for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
            String path = prefix + "." + ConfigValueQuoting.key(e.getKey());
            if (e.getValue().valueType() == ConfigValueType.OBJECT) {
                if (sections) {
                    out.add(path);
                }
                collect((ConfigObject) e.getValue(), path, out, sections);
            } else {
                out.add(path);
            }
        }
    }

    /** A parse error's message without the file name the caller already gives. */
    private static String withoutOrigin(ConfigException e, Path file) {
        String m = e.getMessage();
        String prefix = file.toFile().getPath() + ": ";
        return m.startsWith(prefix) ? "line " + m.substring(prefix.length()) : m;
    }
}
