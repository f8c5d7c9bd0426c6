package dev.axiom.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.axiom.tensor.Rng;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code axiom.logging.format}: training runs in child JVMs with the shipped {@code logback.xml}
 * (so the tests see exactly what users see) print one JSON object per standard-error line with
 * {@code run_id}, and evaluation lines with their step, epoch and event, also when resumed; with
 * the default every line follows logback.xml's pattern as before. In this JVM: lines from other
 * threads carry the run id, and the configuration files are restored afterwards.
 */
class LogFormatTest {

    /** logback.xml's pattern, and the lines it makes ({@code %d{HH:mm:ss} %-5level %logger{0} - %msg%n}). */
    private static final String PATTERN = "%d{HH:mm:ss} %-5level %logger{0} - %msg%n";
    private static final Pattern TEXT_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d (TRACE|DEBUG|INFO |WARN |ERROR) [\\w$]+ - .*");
    private static final Path LOGBACK_XML = Path.of("src/main/resources/logback.xml").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static Path table;

    @BeforeAll
    static void table() throws IOException {
        Rng rng = new Rng(9);
        List<String> lines = new ArrayList<>(List.of("a,b,c,label"));
        for (int i = 0; i < 150; i++) {
            double a = rng.nextGaussian();
            double b = rng.nextGaussian();
            double c = rng.nextGaussian();
            lines.add(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%d", a, b, c, a - c > 0 ? 1 : 0));
        }
        table = Files.write(tmp.resolve("table.csv"), lines);
    }

    @Test
    void theShippedConfigurationHasThePatternTheTextTestChecks() throws IOException {
        Matcher m = Pattern.compile("<pattern>(.*)</pattern>").matcher(Files.readString(LOGBACK_XML));
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).isEqualTo(PATTERN);
    }

    @Test
    void jsonLinesCarryTheRunIdAndTheStepsOfEvaluations() throws Exception {
        Path run = tmp.resolve("run-20261207-101500");

        Child trained = axiom("train", "--no-report", "--out", run.toString(), "--set", "axiom.logging.format=json");

        assertThat(trained.code()).as("exit code; stderr: %s", trained.err()).isZero();
        List<JsonNode> lines = jsonLines(trained.err());
        assertThat(lines).isNotEmpty();
        for (JsonNode line : lines) {
            assertThat(line.path("run_id").asText()).as("%s", line).isEqualTo("run-20261207-101500");
            for (String field : List.of("timestamp", "level", "logger", "thread", "message")) {
                assertThat(line.hasNonNull(field)).as("%s in %s", field, line).isTrue();
            }
        }
        JsonNode validation = only(lines, "evaluation", "validation");
        assertThat(validation.path("step").asLong()).isPositive();
        assertThat(validation.path("epoch").asInt()).isEqualTo(1);
        assertThat(validation.path("metrics").path("auc").isNumber()).isTrue();
        assertThat(validation.path("message").asText()).startsWith("epoch 2: validation {");
        JsonNode test = only(lines, "evaluation", "test");
        assertThat(test.path("step").asLong()).isEqualTo(validation.path("step").asLong());
        assertThat(lines).anySatisfy(l -> assertThat(l.path("thread").asText()).contains("dispatcher"));

        Child resumed = axiom("train", "--resume", run.toString(), "--no-report");

        assertThat(resumed.code()).as("exit code; stderr: %s", resumed.err()).isZero();
        List<JsonNode> again = jsonLines(resumed.err());
        assertThat(again).isNotEmpty().allSatisfy(l -> assertThat(l.path("run_id").asText()).isEqualTo("run-20261207-101500"));
        assertThat(again).anySatisfy(l -> assertThat(l.path("event").asText()).isEqualTo("resume"));
    }

    @Test
    void textLinesAreAsLogbackXmlSays() throws Exception {
        Child trained = axiom("train", "--no-report", "--out", tmp.resolve("text").toString());

        assertThat(trained.code()).as("exit code; stderr: %s", trained.err()).isZero();
        List<String> lines = trained.err().lines().toList();
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l).matches(TEXT_LINE));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains(" INFO  TrainingJob - epoch 2: validation {"));
        assertThat(trained.err()).doesNotContain("run_id").doesNotContain("{\"");
    }

    @Test
    void inThisJvmEveryThreadsLinesCarryTheRunIdUntilTheConfigurationIsRestored() throws Exception {
        Logger log = LoggerFactory.getLogger("dev.axiom.test");
        PrintStream err = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            LogFormat.useJson("run-x");
            log.atWarn().addKeyValue("step", 7L).addKeyValue("event", "checkpoint").log("main {}", 1);
            Thread other = new Thread(() -> log.warn("other"), "worker-thread");
            other.start();
            other.join();
            assertThat(LogFormat.json()).isTrue();
        } finally {
            LogFormat.reset();
            System.setErr(err);
        }
        List<JsonNode> lines = jsonLines(bytes.toString(StandardCharsets.UTF_8));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).path("message").asText()).isEqualTo("main 1");
        assertThat(lines.get(0).path("step").asLong()).isEqualTo(7);
        assertThat(lines.get(0).path("event").asText()).isEqualTo("checkpoint");
        assertThat(lines.get(1).path("thread").asText()).isEqualTo("worker-thread");
        assertThat(lines).allSatisfy(l -> assertThat(l.path("run_id").asText()).isEqualTo("run-x"));
        assertThat(LogFormat.json()).isFalse();

        ByteArrayOutputStream after = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(after, true, StandardCharsets.UTF_8));
            log.warn("restored");
        } finally {
            System.setErr(err);
        }
        assertThat(after.toString(StandardCharsets.UTF_8)).matches("(?s)\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  dev.axiom.test - restored\\R");
    }

    @Test
    void theRunIdIsTheRunDirectorysName() {
        assertThat(LogFormat.runId(Path.of("runs", "run-20261207-101500"))).isEqualTo("run-20261207-101500");
        assertThat(LogFormat.runId(Path.of("runs/a/./b/"))).isEqualTo("b");
    }

    private static JsonNode only(List<JsonNode> lines, String event, String split) {
        List<JsonNode> found = lines.stream()
                .filter(l -> l.path("event").asText().equals(event) && l.path("split").asText().equals(split))
                .toList();
        assertThat(found).as("%s lines of %s", event, split).isNotEmpty();
        return found.get(found.size() - 1);
    }

    private static List<JsonNode> jsonLines(String err) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : err.lines().toList()) {
            JsonNode node = JSON.readTree(line);
            assertThat(node.isObject()).as("a JSON object: %s", line).isTrue();
            out.add(node);
        }
        return out;
    }

    /** What a child JVM printed on standard error, and its exit code. */
    private record Child(int code, String err) {}

    /** {@code axiom ARGS} in a child JVM with the shipped logback.xml, on a small MLP run of the table. */
    private static Child axiom(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dai.djl.offline=true", "-Djava.awt.headless=true",
                "-Dlogback.configurationFile=" + LOGBACK_XML,
                "-cp", System.getProperty("java.class.path"), Axiom.class.getName()));
        command.addAll(List.of(args));
        if (!List.of(args).contains("--resume")) {
            for (String s : List.of("axiom.data.format=csv", "axiom.data.csv.path=\"" + table + "\"",
                    "axiom.model.architecture=mlp", "axiom.model.hidden=[8]", "axiom.prior.kind=gini",
                    "axiom.train.epochs=2", "axiom.train.batch-size=25", "axiom.train.threads=1")) {
                command.addAll(List.of("--set", s));
            }
        }
        Path err = Files.createTempFile(tmp, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile());
        pb.environment().putAll(Map.of("MALLOC_ARENA_MAX", "1"));
        pb.environment().remove("AXIOM_LOG_LEVEL");
        Process p = pb.start();
        int code = p.waitFor();
        return new Child(code, Files.readString(err));
    }
}
