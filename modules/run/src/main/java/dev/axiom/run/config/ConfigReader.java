package dev.axiom.run.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of a validated configuration, each failing with a message that names the key, the
 * value as written, what is allowed and where it was set. {@code null} is accepted only by
 * {@link #optionalString}; whole-number settings reject fractions.
 */
final class ConfigReader {

    private final Config config;

    ConfigReader(Config config) {
        this.config = config;
    }

    String string(String path, List<String> allowed) {
        String what = allowed.isEmpty() ? "a word" : "one of " + String.join(", ", allowed);
        String v = raw(path, what);
        if (!allowed.isEmpty() && !allowed.contains(v)) {
            throw bad(path, what);
        }
        return v;
    }

    String optionalString(String path) {
        if (config.getIsNull(path)) {
            return null;
        }
        return raw(path, "a string or null");
    }

    private String raw(String path, String what) {
        try {
            return config.getString(path);
        } catch (ConfigException.WrongType | ConfigException.Missing e) {
            throw bad(path, what);
        }
    }

    int integer(String path, int min, int max) {
        String what = range("a whole number", min, max);
        long v = wholeNumber(path, what);
        if (v < min || v > max) {
            throw bad(path, what);
        }
        return (int) v;
    }

    long whole(String path) {
        return wholeNumber(path, "a whole number");
    }

    private long wholeNumber(String path, String what) {
        Number n;
        try {
            n = config.getNumber(path);
        } catch (ConfigException.WrongType | ConfigException.Missing e) {
            throw bad(path, what);
        }
        Long v = exact(n);
        if (v == null) {
            throw bad(path, what);
        }
        return v;
    }

    /** {@code n} as a long if it is a whole number in range, else null. */
    private static Long exact(Number n) {
        if (n instanceof Integer || n instanceof Long) {
            return n.longValue();
        }
        double d = n.doubleValue();
        if (d != Math.rint(d) || Math.abs(d) > (double) (1L << 53)) {
            return null;
        }
        return (long) d;
    }

    double real(String path, double min, double max, boolean minExclusive) {
        String what = realRange(min, max, minExclusive);
        double v;
        try {
            v = config.getDouble(path);
        } catch (ConfigException.WrongType | ConfigException.Missing e) {
            throw bad(path, what);
        }
        if (Double.isNaN(v) || (minExclusive ? v <= min : v < min) || v > max) {
            throw bad(path, what);
        }
        return v;
    }

    boolean bool(String path) {
        try {
            return config.getBoolean(path);
        } catch (ConfigException.WrongType | ConfigException.Missing e) {
            throw bad(path, "true or false");
        }
    }

    List<String> strings(String path) {
        try {
            return List.copyOf(config.getStringList(path));
        } catch (ConfigException.WrongType | ConfigException.Missing e) {
            throw bad(path, "a list of strings, e.g. [\"a\", \"b\"]");
        }
    }

    /** A list of {@code [a, b, c]} lists of whole numbers {@code >= min}. */
    List<List<Integer>> triples(String path, int min) {
        String what = "a list of [a, b, c] lists of whole numbers >= " + min;
        List<List<Integer>> out = new ArrayList<>();
        try {
            for (Object item : config.getList(path).unwrapped()) {
                if (!(item instanceof List<?> list) || list.size() != 3) {
                    throw bad(path, what);
                }
                List<Integer> triple = new ArrayList<>(3);
                for (Object v : list) {
                    Long n = v instanceof Number number ? exact(number) : null;
                    if (n == null || n < min || n > Integer.MAX_VALUE) {
                        throw bad(path, what);
                    }
                    triple.add(n.intValue());
                }
                out.add(List.copyOf(triple));
            }
        } catch (ConfigException.WrongType | ConfigException.Missing e) {
            throw bad(path, what);
        }
        return List.copyOf(out);
    }

    List<Integer> integers(String path, int min) {
        String what = "a list of whole numbers >= " + min;
        List<Integer> out = new ArrayList<>();
        try {
            for (Number n : config.getNumberList(path)) {
                Long v = exact(n);
                if (v == null || v < min || v > Integer.MAX_VALUE) {
                    throw bad(path, what);
                }
                out.add(v.intValue());
            }
        } catch (ConfigException.WrongType | ConfigException.Missing e) {
            throw bad(path, what);
        }
        return List.copyOf(out);
    }

    /** A settings error for {@code path} naming its current value, what is allowed and where it was set. */
    SettingsException bad(String path, String allowed) {
        String value;
        String where = "";
        if (!config.hasPathOrNull(path)) {
            value = "(missing)";
        } else if (config.getIsNull(path)) {
            value = "null";
            where = where(config.root().withOnlyKey("axiom").toConfig(), path);
        } else {
            ConfigValue v = config.getValue(path);
            value = v.render(ConfigRenderOptions.concise());
            where = where(v.origin());
        }
        return new SettingsException(path + " = " + value + " is not allowed: expected " + allowed + where);
    }

    /** Where a null value was set: a null has no value object of its own to ask, so look at the parent. */
    private static String where(Config config, String path) {
        int dot = path.lastIndexOf('.');
        if (dot < 0) {
            return "";
        }
        String key = path.substring(dot + 1);
        try {
            return where(config.getObject(path.substring(0, dot)).get(key).origin());
        } catch (ConfigException | NullPointerException e) {
            return "";
        }
    }

    /** " (from --set)", " (in FILE, line N)", or "" for the defaults. */
    private static String where(ConfigOrigin origin) {
        if (origin == null) {
            return "";
        }
        if (origin.description() != null && origin.description().startsWith(SettingsLoader.SET_ORIGIN)) {
            return " (from --set)";
        }
        if (origin.filename() != null) {
            return " (in " + origin.filename() + (origin.lineNumber() > 0 ? ", line " + origin.lineNumber() : "") + ")";
        }
        if (origin.resource() != null) {
            return " (the default in " + origin.resource() + ")";
        }
        return "";
    }

    private static String range(String what, int min, int max) {
        if (max == Integer.MAX_VALUE) {
            return what + " >= " + min;
        }
        return what + " from " + min + " to " + max;
    }

    private static String realRange(double min, double max, boolean minExclusive) {
        String low = (minExclusive ? "> " : ">= ") + plain(min);
        return Double.isInfinite(max) ? "a number " + low : "a number " + low + " and <= " + plain(max);
    }

    /** {@code 0} rather than {@code 0.0}. */
    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
