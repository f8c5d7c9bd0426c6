package dev.axiom.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The main sources keep the two rules of ARCHITECTURE.md "Memory discipline" that the compiler
 * cannot check: arrays made from Java values go through {@code Tensors.owned}, and arithmetic
 * with a literal number goes through {@code Tensors} (DJL's Number overloads hand libtorch memory
 * the garbage collector may free while autograd still reads it). A textual check, so it sees
 * only the plain forms; {@code ReproducibleUnderGarbageCollectionTest} checks the behaviour.
 */
class TensorMemoryRulesTest {

    private static final Pattern CREATE = Pattern.compile("(manager|getManager\\(\\)|data)\\.create\\(");
    private static final Pattern NUMBER_OP = Pattern.compile("\\.(mul|div|pow|maximum|minimum)\\((-?[0-9]|\\(float\\)|\\(double\\))");

    @Test
    void mainSourcesFollowTheTensorMemoryRules() throws IOException {
        Path root = Path.of("../..").toAbsolutePath().normalize();
        List<String> offences = new ArrayList<>();
        for (String tree : List.of("modules", "actors")) {
            try (Stream<Path> files = Files.walk(root.resolve(tree))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/")).toList()) {
                    List<String> lines = Files.readAllLines(f);
                    for (int i = 0; i < lines.size(); i++) {
                        String line = lines.get(i);
                        String code = line.strip();
                        if (code.startsWith("*") || code.startsWith("//") || code.startsWith("/*")) {
                            continue;
                        }
                        if (CREATE.matcher(line).find() && !line.contains("Tensors.owned(") && !line.contains("try (NDArray v = manager.create")) {
                            offences.add(root.relativize(f) + ":" + (i + 1) + ": array from Java values not made owned: " + line.strip());
                        }
                        if (NUMBER_OP.matcher(line).find()) {
                            offences.add(root.relativize(f) + ":" + (i + 1) + ": arithmetic with a Java number outside Tensors: " + line.strip());
                        }
                    }
                }
            }
        }
        assertThat(offences).as("see ARCHITECTURE.md, Memory discipline").isEmpty();
    }
}
