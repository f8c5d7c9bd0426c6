package dev.axiom.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.axiom.fuzz.FuzzTarget;
import dev.axiom.fuzz.Fuzzer;
import dev.axiom.fuzz.Mutator;
import dev.axiom.fuzz.Seed;
import dev.axiom.fuzz.Targets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated files through the command line, as a user meets them: a sample of the fuzz run's inputs
 * (same mutator, same seeds) given to {@code evaluate} (a CSV table with categories and missing
 * cells, a checkpoint of a real run) and to {@code train} (HOCON settings, IDX files). Each command
 * ends with exit code 0, or 2 with exactly one line on standard error, {@code axiom: error: …}, and
 * no stack trace; exit code 1 (a bug) or anything else fails, naming the input.
 */
class CliFuzzTest {

    private static final long SEED = 19;

    @TempDir
    static Path tmp;

    private static Path table;
    private static Path run;
    private static final List<String> problems = new ArrayList<>();

    /** A small credit run: 300 real rows, an MLP [8], one epoch, no prior. */
    @BeforeAll
    static void trainACreditRun() throws IOException {
        table = Files.write(tmp.resolve("credit.csv"), Targets.csvCredit().seeds().get(0).bytes());
        run = tmp.resolve("credit-run");
        Outcome o = Outcome.of(trainArgs(run, Targets.root().resolve("conf/credit-gini.conf"), table));
        assertThat(o.code()).as("training the run to fuzz: %s", o.err()).isZero();
    }

    private static String[] trainArgs(Path out, Path config, Path csv, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--no-report", "--out", out.toString(),
                "--config", config.toString(),
                "--set", "axiom.data.csv.path=\"" + csv + "\"",
                "--set", "axiom.model.hidden=[8]", "--set", "axiom.prior.kind=none",
                "--set", "axiom.train.epochs=1"));
        for (String m : more) {
            args.add("--set");
            args.add(m);
        }
        return args.toArray(String[]::new);
    }

    /** Runs the command and records a problem unless it is a success or a one-line user error. */
    private static int check(String what, String... args) {
        Outcome o = Outcome.of(args);
        List<String> err = o.err().lines().toList();
        boolean oneLineError = o.code() == 2 && err.size() == 1 && err.get(0).startsWith("axiom: error: ")
                && !o.err().contains("\tat ");
        if (o.code() != 0 && !oneLineError) {
            problems.add(what + ": exit " + o.code() + ", standard error: "
                    + o.err().lines().limit(6).toList());
        }
        return o.code();
    }

    private static Path write(Path dir, String name, byte[] bytes) throws IOException {
        Files.createDirectories(dir);
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void mutatedInputsEndWithSuccessOrOneErrorLine() throws IOException {
        int[] codes = new int[4];
        FuzzTarget csv = Targets.csvCredit();
        for (int i = 0; i < 16; i++) {
            Fuzzer.Generated g = Fuzzer.mutant(csv, SEED, i);
            Path file = write(tmp.resolve("csv-" + i), "credit.csv", g.mutant().bytes());
            codes[0] += check("csv #" + i + " [" + g.mutant().description() + "]",
                    "evaluate", "--run", run.toString(), "--data", file.toString()) == 2 ? 1 : 0;
        }

        Path checkpoint;
        try (Stream<Path> dirs = Files.list(run.resolve("checkpoints"))) {
            checkpoint = dirs.max(Comparator.naturalOrder()).orElseThrow();
        }
        FuzzTarget checkpoints = new FuzzTarget("checkpoint", List.of(
                new Seed("network.bin", Files.readAllBytes(checkpoint.resolve("network.bin"))),
                new Seed("optimizer.bin", Files.readAllBytes(checkpoint.resolve("optimizer.bin")))),
                Mutator.Format.BINARY, input -> { }, List.of(), true, CliFuzzTest::recomputeChecksum);
        for (int i = 0; i < 12; i++) {
            Fuzzer.Generated g = Fuzzer.mutant(checkpoints, SEED, i);
            Path copy = tmp.resolve("run-" + i);
            copyRun(run, copy);
            Path newest = copy.resolve("checkpoints").resolve(checkpoint.getFileName());
            Files.write(newest.resolve(g.seed().fileName()), g.mutant().bytes());
            codes[1] += check("checkpoint " + g.seed().fileName() + " #" + i + " [" + g.mutant().description() + "]",
                    "evaluate", "--run", copy.toString()) == 2 ? 1 : 0;
        }

        Path preset = Targets.root().resolve("conf/credit-gini.conf");
        FuzzTarget settings = new FuzzTarget("settings", List.of(new Seed("credit-gini.conf", Files.readAllBytes(preset))),
                Mutator.Format.NESTED, input -> { }, List.of(), false, null);
        for (int i = 0; i < 12; i++) {
            Fuzzer.Generated g = Fuzzer.mutant(settings, SEED, i);
            Path conf = write(tmp.resolve("conf-" + i), "credit-gini.conf", g.mutant().bytes());
            codes[2] += check("settings #" + i + " [" + g.mutant().description() + "]",
                    trainArgs(tmp.resolve("conf-run-" + i), conf, table)) == 2 ? 1 : 0;
        }

        FuzzTarget idx = Targets.idx(tmp.resolve("idx"));
        Path images = tmp.resolve("idx/idx-pristine/train-images-idx3-ubyte");
        Path labels = tmp.resolve("idx/idx-pristine/train-labels-idx1-ubyte");
        for (int i = 0; i < 8; i++) {
            Fuzzer.Generated g = Fuzzer.mutant(idx, SEED, i);
            Path file = write(tmp.resolve("idx-" + i), g.seed().fileName(), g.mutant().bytes());
            boolean isImages = g.seed().fileName().contains("images");
            codes[3] += check("idx " + g.seed().fileName() + " #" + i + " [" + g.mutant().description() + "]",
                    "train", "--no-report", "--out", tmp.resolve("idx-run-" + i).toString(),
                    "--set", "axiom.data.idx.train-images=\"" + (isImages ? file : images) + "\"",
                    "--set", "axiom.data.idx.train-labels=\"" + (isImages ? labels : file) + "\"",
                    "--set", "axiom.data.idx.test-images=\"" + images + "\"",
                    "--set", "axiom.data.idx.test-labels=\"" + labels + "\"",
                    "--set", "axiom.train.epochs=1") == 2 ? 1 : 0;
        }

        assertThat(problems).as("inputs that did not end with exit 0 or one 'axiom: error:' line").isEmpty();
        assertThat(codes).as("user errors per kind (csv, checkpoint, settings, idx): the sample reaches the error paths")
                .doesNotContain(0);
    }

    /** The array file's CRC-32 over everything but its last 8 bytes, written into them. */
    private static byte[] recomputeChecksum(byte[] file) {
        if (file.length < 8) {
            return file;
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(file, 0, file.length - 8);
        byte[] out = file.clone();
        java.nio.ByteBuffer.wrap(out, file.length - 8, 8).putLong(crc.getValue());
        return out;
    }

    private static void copyRun(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
