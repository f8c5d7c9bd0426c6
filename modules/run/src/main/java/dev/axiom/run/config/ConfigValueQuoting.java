package dev.axiom.run.config;

import com.typesafe.config.ConfigUtil;

/** Quoting of HOCON keys and string values. */
final class ConfigValueQuoting {

    private ConfigValueQuoting() {}

    /** A value as a quoted HOCON string. */
    static String quote(String value) {
        return ConfigUtil.quoteString(value);
    }

    /** A key segment, quoted when it needs to be. */
    static String key(String segment) {
        return ConfigUtil.joinPath(segment);
    }
}
