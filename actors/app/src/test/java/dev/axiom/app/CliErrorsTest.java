package dev.axiom.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.axiom.tensor.Rng;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User errors through the command line: every bad input ends with exit code 2 and exactly one line
 * on standard error, {@code axiom: error: …}, naming the problem, without a stack trace; a loss that
 * becomes infinite ends with exit code 3 naming the step and the last good checkpoint, which
 * {@code evaluate} can still use.
 */
class CliErrorsTest {

    private static final String FASHION = "datasets/fashion-mnist-small/";

    @TempDir
    static Path tmp;

    private static Path table;

    /** What a command printed and returned. */

    @BeforeAll
    static void goodTable() throws IOException {
        Rng rng = new Rng(5);
        List<String> lines = new ArrayList<>(List.of("a,b,c,d,e,label"));
        for (int i = 0; i < 200; i++) {
            double[] x = new double[5];
            for (int j = 0; j < 5; j++) {
                x[j] = rng.nextGaussian();
            }
            int label = x[0] - x[2] + 0.3 * rng.nextGaussian() > 0 ? 1 : 0;
            lines.add(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%.4f,%.4f,%d", x[0], x[1], x[2], x[3], x[4], label));
        }
        table = write("table.csv", lines);
    }

    private static Path write(String name, List<String> lines) throws IOException {
        return Files.write(tmp.resolve(name), lines);
    }

    /** The good table with line {@code line} (1 = header) replaced. */
    private static Path tableWith(String name, int line, String replacement) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(table));
        lines.set(line - 1, replacement);
        return write(name, lines);
    }

    private static Path resource(String name, String resource) throws IOException {
        try (InputStream in = CliErrorsTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            Path file = tmp.resolve(name);
            Files.write(file, in.readAllBytes());
            return file;
        }
    }

    private static Outcome run(String... args) {
        return Outcome.of(args);
    }

    /** {@code axiom train --no-report --out DIR --set …} in a fresh run directory. */
    private static Outcome train(String... settings) {
        List<String> args = new ArrayList<>(List.of("train", "--no-report", "--out", fresh().toString()));
        for (String s : settings) {
            args.add("--set");
            args.add(s);
        }
        return run(args.toArray(String[]::new));
    }

    private static int runs;

    private static Path fresh() {
        return tmp.resolve("run-" + ++runs);
    }

    /** Settings of a small MLP run on {@code csv}. */
    private static String[] csv(Path csv, String... more) {
        List<String> s = new ArrayList<>(List.of(
                "axiom.data.format=csv",
                "axiom.data.csv.path=\"" + csv + "\"",
                "axiom.model.architecture=mlp",
                "axiom.model.hidden=[8]",
                "axiom.prior.kind=none",
                "axiom.train.epochs=1"));
        s.addAll(Arrays.asList(more));
        return s.toArray(String[]::new);
    }

    private static void assertUserError(Outcome o, String... fragments) {
        assertOneLineError(o, 2, fragments);
    }

    private static void assertOneLineError(Outcome o, int code, String... fragments) {
        assertThat(o.err()).as("standard error").doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(o.err().lines().toList()).as("standard error").hasSize(1);
        assertThat(o.err()).startsWith("axiom: error: ").contains(fragments);
        assertThat(o.code()).as("exit code; standard error: %s", o.err()).isEqualTo(code);
    }

    @Test
    void aMissingDataFileIsNamed() {
        Path absent = tmp.resolve("absent-images-idx3-ubyte.gz");

        Outcome o = train("axiom.data.idx.train-images=\"" + absent + "\"");

        assertUserError(o, absent + ": no such file");
    }

    @Test
    void aTruncatedGzipIsNamed() throws IOException {
        Path whole = resource("whole.gz", FASHION + "train-images-idx3-ubyte.gz");
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(tmp.resolve("cut-images-idx3-ubyte.gz"), Arrays.copyOf(bytes, bytes.length / 2));

        Outcome o = train("axiom.data.idx.train-images=\"" + cut + "\"");

        assertUserError(o, cut + ": truncated", "the gzip stream ends early");
    }

    @Test
    void aWrongMagicNumberIsNamed() {
        Outcome o = train("axiom.data.idx.train-images=\"classpath:" + FASHION + "train-labels-idx1-ubyte.gz\"");

        assertUserError(o, "train-labels-idx1-ubyte.gz: wrong IDX magic number 0x00000801 at byte 0, expected 0x00000803");
    }

    @Test
    void imageAndLabelCountsThatDifferAreNamed() {
        Outcome o = train("axiom.data.idx.train-labels=\"classpath:" + FASHION + "t10k-labels-idx1-ubyte.gz\"");

        assertUserError(o, "has 2000 images but", "t10k-labels-idx1-ubyte.gz has 500 labels");
    }

    @Test
    void aRaggedCsvRowIsNamedWithItsLine() throws IOException {
        Path bad = tableWith("ragged.csv", 4, "1,2,3,4,0");

        assertUserError(train(csv(bad)), bad + ":4: expected 6 fields (as in the header), found 5");
    }

    @Test
    void aNonNumericCellIsNamedWithLineAndColumn() throws IOException {
        Path bad = tableWith("words.csv", 3, "0.1,high,0.3,0.4,0.5,1");

        assertUserError(train(csv(bad)), bad + ":3, column 2 'b': 'high' is not a number");
    }

    @Test
    void aMissingLabelColumnIsNamed() {
        assertUserError(train(csv(table, "axiom.data.csv.label-column=outcome")),
                table + ": no column 'outcome'; the columns are [a, b, c, d, e, label]");
    }

    @Test
    void anUnknownGraphNodeIsNamed() throws IOException {
        Path graph = write("graph.csv", List.of("a,b,weight", "a,b,1", "c,TP53,1"));

        Outcome o = train(csv(table, "axiom.prior.kind=graph", "axiom.data.graph.path=\"" + graph + "\""));

        assertUserError(o, graph + ": 1 graph node(s) are not features of the data: [TP53]");
    }

    @Test
    void nanInTheDataIsAMissingValueNamedWithLineAndColumn() throws IOException {
        Path bad = tableWith("nan.csv", 5, "0.1,0.2,NaN,0.4,0.5,1");

        assertUserError(train(csv(bad)), bad + ":5, column 3 'c': the value is missing");
    }

    @Test
    void infinityInTheDataIsNamedWithLineAndColumn() throws IOException {
        Path bad = tableWith("inf.csv", 5, "0.1,0.2,-Infinity,0.4,0.5,1");

        assertUserError(train(csv(bad)), bad + ":5, column 3 'c': -Infinity is not allowed in the data");
    }

    @Test
    void anUnknownSettingNamesTheClosestKey() {
        assertUserError(train("axiom.train.epoch=1"),
                "unknown key 'axiom.train.epoch' (in --set axiom.train.epoch=1); did you mean 'axiom.train.epochs'?");
    }

    @Test
    void aSettingOfTheWrongTypeNamesKeyValueAndWhatIsAllowed() {
        assertUserError(train("axiom.train.epochs=many"),
                "axiom.train.epochs = \"many\" is not allowed: expected a whole number >= 0 (from --set)");
    }

    @Test
    void aGpuOnAMachineWithoutOneIsOneLineNamingTheSettingAndTheCudaBuild() {
        org.assertj.core.api.Assumptions.assumeThat(ai.djl.engine.Engine.getEngine("PyTorch").getGpuCount())
                .as("a machine without a usable GPU").isZero();
        Path dir = fresh();

        Outcome o = run("train", "--no-report", "--out", dir.toString(), "--set", "axiom.train.device=gpu");

        assertUserError(o, "axiom.train.device = gpu: no usable GPU", "pytorch-native-cu128", "ai.djl.offline=true");
        assertThat(dir).doesNotExist();
    }

    @Test
    void aDeviceThatIsNeitherCpuNorGpuNamesTheKey() {
        assertUserError(train("axiom.train.device=tpu"),
                "axiom.train.device = \"tpu\" is not allowed: expected cpu, gpu or gpu:N");
    }

    @Test
    void aRunTrainedOnAGpuIsReadOnTheCpuWithDeviceCpuAndRefusedInOneLineWithout() throws IOException {
        org.assertj.core.api.Assumptions.assumeThat(ai.djl.engine.Engine.getEngine("PyTorch").getGpuCount())
                .as("a machine without a usable GPU").isZero();
        Path dir = fresh();
        List<String> args = new ArrayList<>(List.of("train", "--no-report", "--out", dir.toString()));
        for (String s : csv(table)) {
            args.addAll(List.of("--set", s));
        }
        assertThat(run(args.toArray(String[]::new)).code()).isZero();
        // As if trained on a GPU machine and copied here: the run's own setting names a GPU.
        Files.writeString(dir.resolve("config.conf"), "\naxiom.train.device = \"gpu:1\"\n", java.nio.file.StandardOpenOption.APPEND);
        Path predictions = tmp.resolve("gpu-run-predictions.csv");

        for (String command : List.of("evaluate", "predict", "explain")) {
            List<String> load = new ArrayList<>(List.of(command, "--run", dir.toString()));
            if (!command.equals("evaluate")) {
                load.addAll(List.of("--out", predictions.toString()));
            }
            assertUserError(run(load.toArray(String[]::new)),
                    "the run's axiom.train.device = gpu:1: no usable GPU", ", or pass --device cpu");
            load.addAll(List.of("--device", "cpu"));
            Outcome onCpu = run(load.toArray(String[]::new));
            assertThat(onCpu.code()).as("%s --device cpu; standard error: %s", command, onCpu.err()).isZero();
        }
        assertUserError(run("report", dir.toString()), "the run's axiom.train.device = gpu:1");
        assertThat(run("report", dir.toString(), "--device", "cpu").code()).isZero();
        assertUserError(run("evaluate", "--run", dir.toString(), "--device", "tpu"),
                "--device must be cpu, gpu or gpu:N", "got 'tpu'");
    }

    @Test
    void thePlainLoopCannotWatchADirectoryOrJoinACluster() {
        assertUserError(train("axiom.runtime.driver=plain", "axiom.runtime.watch-directory=" + tmp),
                "axiom.runtime.watch-directory", "null when axiom.runtime.driver = plain");
        assertUserError(run("node", "--set", "axiom.runtime.driver=plain"),
                "axiom.runtime.driver = plain cannot run on a cluster");
        assertUserError(train("axiom.runtime.driver=threads"), "axiom.runtime.driver", "actors, plain");
    }

    @Test
    void aResumedNodeMayChangeItsClusterAddressOnly() {
        assertUserError(run("node", "--resume", fresh().toString(), "--set", "axiom.train.epochs=3"),
                "--set axiom.train.epochs=3", "only axiom.cluster.*");
    }

    @Test
    void aSettingOutOfRangeInAFileNamesTheFileAndLine() throws IOException {
        Path conf = write("bad.conf", List.of("axiom {", "  train.batch-size = 0", "}"));

        Outcome o = run("train", "--no-report", "--out", fresh().toString(), "--config", conf.toString());

        assertUserError(o, "axiom.train.batch-size = 0 is not allowed: expected a whole number >= 1 (in " + conf + ", line 2)");
    }

    @Test
    void aMissingConfigFileIsNamed() {
        Path absent = tmp.resolve("absent.conf");

        assertUserError(run("train", "--config", absent.toString()), "config file " + absent + ": no such file");
    }

    @Test
    void aRunDirectoryThatCannotBeCreatedIsNamedWithTheReason() {
        Path inside = table.resolve("run");

        Outcome o = run("train", "--no-report", "--out", inside.toString());

        assertUserError(o, "cannot create run directory " + inside + " (Not a directory");
    }

    @Test
    void aConfigFileThatIsNotHoconIsNamedWithTheLine() throws IOException {
        Path conf = write("broken.conf", List.of("axiom {", "  train.epochs = 3", "  model { hidden = [8, }", "}"));

        assertUserError(run("train", "--config", conf.toString()), "config file " + conf + ": line 3: ");
    }

    @Test
    void dashboardErrorsAreNamed() {
        Path empty = tmp.resolve("not-a-run");
        Path out = fresh();

        assertUserError(run("dashboard", empty.toString(), "--port", "0"), empty + " is not a run directory");
        assertUserError(run("train", "--out", out.toString(), "--dashboard", "here:there"), "--dashboard expects [HOST:]PORT");
        assertThat(out).as("nothing written for a bad --dashboard").doesNotExist();
        assertUserError(run("train", "--out", out.toString(), "--dashboard-control"), "need --dashboard");
    }

    @Test
    void aDirectoryThatIsNotARunIsNamed() {
        Path empty = tmp.resolve("not-a-run");

        assertUserError(run("evaluate", "--run", empty.toString()), empty + " is not a run directory");
    }

    @Test
    void aLossThatBecomesInfiniteStopsNamingTheStepAndTheLastGoodCheckpoint() {
        Path dir = fresh();
        // SGD on λ·ΣW² with 2·rate·λ = 3 turns every weight w into −2w: the penalty grows fourfold
        // per step from about 1e35 until it overflows after a few steps.
        List<String> args = new ArrayList<>(List.of("train", "--no-report", "--out", dir.toString()));
        for (String s : csv(table,
                "axiom.prior.kind=weight-l2",
                "axiom.prior.weight=1e34",
                "axiom.train.optimizer.name=sgd",
                "axiom.train.optimizer.learning-rate=1.5e-34",
                "axiom.train.schedule.kind=constant",
                "axiom.train.batch-size=10",
                "axiom.train.checkpoint-every-steps=2",
                "axiom.train.keep-checkpoints=100")) {
            args.addAll(List.of("--set", s));
        }

        Outcome o = run(args.toArray(String[]::new));

        assertOneLineError(o, 3, "training stopped at step ", "the last good checkpoint is ");
        Matcher step = Pattern.compile("training stopped at step (\\d+)").matcher(o.err());
        Matcher checkpoint = Pattern.compile("the last good checkpoint is (\\S+)$").matcher(o.err().strip());
        assertThat(step.find()).isTrue();
        assertThat(checkpoint.find()).isTrue();
        Path last = Path.of(checkpoint.group(1));
        assertThat(last).isDirectory().startsWith(dir);
        int failed = Integer.parseInt(step.group(1));
        assertThat(failed).as("the step that failed").isGreaterThan(2);
        assertThat(last.getFileName().toString()).as("the checkpoint of the last even step before it")
                .matches("step-0*" + 2 * ((failed - 1) / 2));

        Outcome evaluated = run("evaluate", "--run", dir.toString());

        assertThat(evaluated.code()).as("evaluate; standard error: %s", evaluated.err()).isZero();
        assertThat(evaluated.out()).contains("\"samples\":").containsPattern("\"loss\":[0-9]");
    }
}
