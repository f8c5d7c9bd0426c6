package dev.axiom.run.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the configuration of a run: {@code --set} overrides over a user file over the
 * {@code reference.conf} defaults, and checks that every {@code axiom.*} key the user wrote exists.
 */
public final class SettingsLoader {

    private static final String ROOT = "axiom";

    private SettingsLoader() {}

    /**
     * The merged, resolved configuration.
     *
     * @param file a HOCON file, or null for the defaults alone
     * @param overrides {@code key=value} strings (HOCON values; bare words are strings)
     * @throws SettingsException for a missing or unparsable file, a malformed override, or an
     *     unknown key (naming the closest valid key)
     */
    public static Config load(Path file, List<String> overrides) {
        Config reference = ConfigFactory.defaultReference();
        Config user = ConfigFactory.empty();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new SettingsException("config file " + file + ": no such file");
            }
            try {
                user = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            } catch (ConfigException e) {
                throw new SettingsException("config file " + file + ": " + e.getMessage());
            }
            checkKeys(user, reference, "in " + file);
        }
        Config set = ConfigFactory.empty();
        for (String override : overrides) {
            Config one = parseOverride(override);
            checkKeys(one, reference, "in --set " + override);
            set = one.withFallback(set);
        }
        try {
            return set.withFallback(user).withFallback(reference).resolve();
        } catch (ConfigException e) {
            throw new SettingsException(e.getMessage());
        }
    }

    /** The {@code axiom} subtree rendered as HOCON, as written into a run directory. */
    public static String render(Config config) {
        return config.getConfig(ROOT).atKey(ROOT).root().render(
                ConfigRenderOptions.defaults().setOriginComments(false).setJson(false).setFormatted(true));
    }

    private static Config parseOverride(String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new SettingsException("--set needs key=value, got '" + override + "'");
        }
        String key = override.substring(0, eq).trim();
        String value = override.substring(eq + 1).trim();
        try {
            return ConfigFactory.parseString(key + " = " + value);
        } catch (ConfigException e) {
            try {
                return ConfigFactory.parseString(key + " = " + ConfigValueQuoting.quote(value));
            } catch (ConfigException again) {
                throw new SettingsException("--set " + override + ": " + e.getMessage());
            }
        }
    }

    private static void checkKeys(Config user, Config reference, String where) {
        if (!user.hasPath(ROOT)) {
            return;
        }
        List<String> valid = new ArrayList<>();
        collect(reference.getConfig(ROOT).root(), ROOT, valid, true);
        List<String> given = new ArrayList<>();
        collect(user.getConfig(ROOT).root(), ROOT, given, false);
        for (String key : given) {
            if (!reference.hasPathOrNull(key)) {
                String closest = Closest.match(key, valid);
                throw new SettingsException(
                        "unknown key '" + key + "' " + where + (closest == null ? "" : "; did you mean '" + closest + "'?"));
            }
            ConfigValueType expected = reference.getIsNull(key) ? null : reference.getValue(key).valueType();
            ConfigValue actual = valueOrNull(user, key);
            if (expected == ConfigValueType.OBJECT && actual != null && actual.valueType() != ConfigValueType.OBJECT) {
                throw new SettingsException(
                        "key '" + key + "' " + where + " is a section with settings inside; it cannot be set to "
                                + actual.render());
            }
        }
    }

    private static ConfigValue valueOrNull(Config config, String path) {
        return config.hasPath(path) ? config.getValue(path) : null;
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
}
