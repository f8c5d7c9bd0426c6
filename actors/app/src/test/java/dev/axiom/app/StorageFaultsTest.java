package dev.axiom.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that will not take a checkpoint: the training process runs under a file-size limit
 * ({@code ulimit -f 500}, 500 KiB) that its network file fits and its optimizer file (653 KB)
 * does not, so the write fails half-way as on a full disk ("File too large"). The run stops with
 * exit 3 and one line naming the checkpoint and the last good one, which is left intact; or, with
 * {@code axiom.train.on-checkpoint-failure = continue}, trains on without checkpoints. An
 * unwritable run directory is one line too.
 */
class StorageFaultsTest {

    @TempDir
    Path tmp;

    private final Path preset = Path.of("../../conf/tabular-sparsity.conf").toAbsolutePath().normalize();

    /** One epoch of 68 steps of the preset's MLP; checkpoints at 40, 60 and 68 kept. */
    private Path trainedRun() throws IOException {
        Path run = tmp.resolve("run");
        assertThat(Axiom.execute("train", "--config", preset.toString(), "--out", run.toString(), "--no-report",
                "--set", "axiom.train.epochs=1", "--set", "axiom.train.threads=1",
                "--set", "axiom.train.checkpoint-every-steps=20", "--set", "axiom.attribution.references=2",
                "--set", "axiom.runtime.driver=plain")).isZero();
        assertThat(names(run.resolve("checkpoints"))).containsExactly("step-000000040", "step-000000060", "step-000000068");
        assertThat(Files.size(run.resolve("checkpoints/step-000000040/network.bin"))).isLessThan(500 * 1024);
        assertThat(Files.size(run.resolve("checkpoints/step-000000040/optimizer.bin"))).isGreaterThan(500 * 1024);
        return run;
    }

    @Test
    void aCheckpointThatCannotBeWrittenStopsTheRunWithTheLastGoodOneIntact() throws Exception {
        Path run = trainedRun();
        Path good = run.resolve("checkpoints/step-000000040");
        byte[] network = Files.readAllBytes(good.resolve("network.bin"));
        byte[] optimizer = Files.readAllBytes(good.resolve("optimizer.bin"));

        Process p = limited("stopped", "train", "--resume", run.toString(), "--checkpoint", "step-40", "--no-report");
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        String err = Files.readString(tmp.resolve("stopped.err"));
        assertThat(p.exitValue()).as(err).isEqualTo(Axiom.FAILED);
        List<String> errors = err.lines().filter(l -> l.startsWith("axiom: error:")).toList();
        assertThat(errors).containsExactly("axiom: error: cannot write checkpoint " + run.resolve("checkpoints/step-000000060")
                + ": File too large; the run stops (axiom.train.on-checkpoint-failure = stop) with its last good checkpoint " + good);
        assertThat(Files.readAllBytes(good.resolve("network.bin"))).isEqualTo(network);
        assertThat(Files.readAllBytes(good.resolve("optimizer.bin"))).isEqualTo(optimizer);
        assertThat(names(run.resolve("checkpoints"))).as("no half-written checkpoint left").containsExactly("step-000000040");

        assertThat(Axiom.execute("train", "--resume", run.toString(), "--no-report")).as("resumed where there is room").isZero();
        for (String file : List.of("network.bin", "optimizer.bin")) {
            assertThat(Files.readAllBytes(run.resolve("checkpoints/step-000000068").resolve(file)))
                    .as("%s ends as the first run did", file)
                    .isEqualTo(Files.readAllBytes(run.resolve("checkpoints/set-aside/step-000000068").resolve(file)));
        }
    }

    @Test
    void withOnCheckpointFailureContinueTheRunTrainsOnWithoutCheckpoints() throws Exception {
        Path run = tmp.resolve("continuing");
        Process p = limited("continuing", "train", "--config", preset.toString(), "--out", run.toString(), "--no-report",
                "--set", "axiom.train.epochs=1", "--set", "axiom.train.threads=1",
                "--set", "axiom.train.checkpoint-every-steps=20", "--set", "axiom.attribution.references=2",
                "--set", "axiom.train.on-checkpoint-failure=continue");
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        String err = Files.readString(tmp.resolve("continuing.err"));
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(err).contains("cannot write checkpoint " + run.resolve("checkpoints/step-000000020") + ": File too large; "
                + "training goes on without it (axiom.train.on-checkpoint-failure = continue)");
        String metrics = Files.readString(run.resolve("metrics.jsonl"));
        assertThat(metrics.lines().filter(l -> l.contains("\"type\":\"checkpoint_failed\""))).as(metrics).hasSize(4);
        assertThat(metrics).contains("\"split\":\"test\"");
        assertThat(names(run.resolve("checkpoints"))).isEmpty();
    }

    @Test
    void anUnwritableRunDirectoryIsOneLineNamingIt() {
        Outcome o = Outcome.of("train", "--config", preset.toString(), "--out", "/proc/axiom-run", "--no-report");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).startsWith("axiom: error: cannot create run directory /proc/axiom-run");
        assertThat(o.err().lines()).hasSize(1);
    }

    /** {@code axiom ARGS} in a child JVM whose files may not exceed 500 KiB (bash's {@code ulimit -f}, in KiB). */
    private Process limited(String name, String... args) throws IOException {
        StringBuilder command = new StringBuilder("ulimit -f 500 && exec");
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dai.djl.offline=true", "-Djava.awt.headless=true", Axiom.class.getName()));
        java.addAll(List.of(args));
        for (String a : java) {
            command.append(" '").append(a.replace("'", "'\\''")).append("'");
        }
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command.toString())
                .redirectOutput(tmp.resolve(name + ".out").toFile())
                .redirectError(tmp.resolve(name + ".err").toFile());
        pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        return pb.start();
    }

    private static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("set-aside")).sorted().toList();
        }
    }
}
