package dev.axiom.run.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of a validated configuration, each failing with a message that names the key, the
 * value as written and what is allowed.
 */
final class ConfigReader {

    private final Config config;

    ConfigReader(Config config) {
        this.config = config;
    }

    String string(String path, List<String> allowed) {
        String v = raw(path, "a word");
        if (!allowed.isEmpty() && !allowed.contains(v)) {
            throw bad(path, "one of " + String.join(", ", allowed));
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
        } catch (ConfigException.WrongType e) {
            throw bad(path, what);
        }
    }

    int integer(String path, int min, int max) {
        int v;
        try {
            v = config.getInt(path);
        } catch (ConfigException.WrongType e) {
            throw bad(path, range("a whole number", min, max));
        }
        if (v < min || v > max) {
            throw bad(path, range("a whole number", min, max));
        }
        return v;
    }

    long whole(String path) {
        try {
            return config.getLong(path);
        } catch (ConfigException.WrongType e) {
            throw bad(path, "a whole number");
        }
    }

    double real(String path, double min, double max, boolean minExclusive) {
        double v;
        try {
            v = config.getDouble(path);
        } catch (ConfigException.WrongType e) {
            throw bad(path, realRange(min, max, minExclusive));
        }
        if (Double.isNaN(v) || (minExclusive ? v <= min : v < min) || v > max) {
            throw bad(path, realRange(min, max, minExclusive));
        }
        return v;
    }

    boolean bool(String path) {
        try {
            return config.getBoolean(path);
        } catch (ConfigException.WrongType e) {
            throw bad(path, "true or false");
        }
    }

    List<String> strings(String path) {
        try {
            return List.copyOf(config.getStringList(path));
        } catch (ConfigException.WrongType e) {
            throw bad(path, "a list of strings, e.g. [\"a\", \"b\"]");
        }
    }

    List<Integer> integers(String path, int min) {
        List<Integer> out = new ArrayList<>();
        try {
            for (Integer i : config.getIntList(path)) {
                if (i < min) {
                    throw bad(path, "a list of whole numbers >= " + min);
                }
                out.add(i);
            }
        } catch (ConfigException.WrongType e) {
            throw bad(path, "a list of whole numbers >= " + min);
        }
        return List.copyOf(out);
    }

    /** A settings error for {@code path} naming its current value and what is allowed. */
    SettingsException bad(String path, String allowed) {
        ConfigValue value = config.getValue(path);
        String origin = value.origin().description();
        return new SettingsException(
                path + " = " + value.render() + " is not allowed: expected " + allowed
                        + (origin == null ? "" : " (set " + origin + ")"));
    }

    private static String range(String what, int min, int max) {
        if (max == Integer.MAX_VALUE) {
            return what + " >= " + min;
        }
        return what + " from " + min + " to " + max;
    }

    private static String realRange(double min, double max, boolean minExclusive) {
        String low = minExclusive ? "> " + min : ">= " + min;
        return Double.isInfinite(max) ? "a number " + low : "a number " + low + " and <= " + max;
    }
}
