package dev.axiom.run;

import dev.axiom.nn.Network;
import dev.axiom.nn.Parameter;
import dev.axiom.run.config.SettingsException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The parameters {@code axiom.train.freeze} names: globs over parameter names ({@code *} any characters, {@code ?} one). */
final class Frozen {

    private Frozen() {}

    /**
     * The names of the trained parameters that match one of {@code globs}.
     *
     * @throws SettingsException naming a glob that matches no trained parameter, with the names there are
     */
    static Set<String> names(List<String> globs, Network network) {
        List<String> names = network.parameters().stream().map(Parameter::name).toList();
        Set<String> frozen = new LinkedHashSet<>();
        for (String glob : globs) {
            Pattern pattern = pattern(glob);
            List<String> matched = new ArrayList<>();
            for (String name : names) {
                if (pattern.matcher(name).matches()) {
                    matched.add(name);
                }
            }
            if (matched.isEmpty()) {
                throw new SettingsException("axiom.train.freeze: '" + glob + "' matches no trained parameter; the network trains "
                        + (names.size() <= 12 ? names : names.subList(0, 12) + " and " + (names.size() - 12) + " more"));
            }
            frozen.addAll(matched);
        }
        return frozen;
    }

    static Pattern pattern(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
