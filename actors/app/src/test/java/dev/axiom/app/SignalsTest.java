package dev.axiom.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGTERM to a training process (a child JVM, as an operator's {@code kill} or systemd would send
 * it) stops it after the current step with a checkpoint and exit code 143 well within
 * {@code --stop-timeout}; {@code --resume} then ends with the very bytes of the uninterrupted
 * run's final parameters and optimizer state. For the plain loop, the actor runtime with two
 * workers, and a cluster trainer node with a worker node; and an experiment stops on it as at the
 * end of its time budget.
 */
class SignalsTest {

    /** The bound given to the process; the stop must come well within it, not by the watchdog. */
    private static final int STOP_TIMEOUT_SECONDS = 60;
    /** The step after which the signal is sent (of 2 × 68 = 136 in the run). */
    private static final long SIGNAL_AFTER_STEP = 20;

    @TempDir
    Path tmp;

    private ChildAxiom children;

    @BeforeEach
    void children() {
        children = new ChildAxiom(tmp);
    }

    @AfterEach
    void killLeftovers() {
        children.close();
    }

    /** The plain loop and the actor runtime with two workers. */
    @ParameterizedTest(name = "axiom.runtime '{'{0}'}'")
    @ValueSource(strings = {"driver = plain", "driver = actors, workers = 2"})
    void aTrainProcessStopsWithACheckpointAndResumesToTheSameBytes(String runtime) throws Exception {
        Path conf = config(runtime);
        Path whole = tmp.resolve("whole");
        assertThat(Axiom.execute("train", "--config", conf.toString(), "--out", whole.toString(), "--no-report")).isZero();

        Path cut = tmp.resolve("cut");
        Process p = start("train", List.of("train", "--config", conf.toString(), "--out", cut.toString(), "--no-report",
                "--stop-timeout", String.valueOf(STOP_TIMEOUT_SECONDS)));
        long stoppedAt = terminateAfterStep(p, cut, "train");
        assertThat(Axiom.execute("train", "--resume", cut.toString(), "--no-report")).isZero();
        assertSameFinalState(whole, cut, stoppedAt);
    }

    @Test
    void aClusterTrainerNodeStopsWithACheckpointAndResumesOnANewAddressToTheSameBytes() throws Exception {
        Path conf = config("driver = actors, workers = 1");
        Files.writeString(conf, Files.readString(conf) + "axiom.cluster { remote-workers = 1, down-after-seconds = 3 }\n");

        Path whole = tmp.resolve("whole");
        int port = freePort();
        Process trainer = start("whole-trainer", nodeArguments(List.of("--config", conf.toString(), "--out", whole.toString()),
                port, port, "trainer"));
        start("whole-worker", nodeArguments(List.of("--config", conf.toString()), freePort(), port, "worker"));
        assertThat(trainer.waitFor(4, TimeUnit.MINUTES)).as("the uninterrupted trainer node finished").isTrue();
        assertThat(trainer.exitValue()).as(Files.readString(tmp.resolve("whole-trainer.err"))).isZero();

        Path cut = tmp.resolve("cut");
        port = freePort();
        trainer = start("cut-trainer", nodeArguments(List.of("--config", conf.toString(), "--out", cut.toString(),
                "--stop-timeout", String.valueOf(STOP_TIMEOUT_SECONDS)), port, port, "trainer"));
        Process worker = start("cut-worker", nodeArguments(List.of("--config", conf.toString()), freePort(), port, "worker"));
        long stoppedAt = terminateAfterStep(trainer, cut, "cut-trainer");
        assertThat(worker.waitFor(60, TimeUnit.SECONDS)).as("the worker node leaves with the trainer").isTrue();

        port = freePort();
        trainer = start("resumed-trainer", nodeArguments(List.of("--resume", cut.toString()), port, port, "trainer"));
        start("resumed-worker", nodeArguments(List.of("--config", conf.toString()), freePort(), port, "worker"));
        assertThat(trainer.waitFor(4, TimeUnit.MINUTES)).as("the resumed trainer node finished").isTrue();
        assertThat(trainer.exitValue()).as(Files.readString(tmp.resolve("resumed-trainer.err"))).isZero();
        assertSameFinalState(whole, cut, stoppedAt);
    }

    /**
     * An experiment (the pixel experiment's quick scale) stops on SIGTERM as at the end of its
     * {@code --stop-after}: the training under way at a checkpoint, its time in the work log as a
     * partial line, a report that says so, exit code 143.
     */
    @Test
    void anExperimentStopsOnSigtermWithACheckpointAndAReport() throws Exception {
        Path out = tmp.resolve("experiment");
        Process p = start("experiment", List.of("experiment", "pixel", "--quick", "--out", out.toString()));
        Path training = out.resolve("runs/baseline-lambda0-seed0");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (lastLoggedStep(training) < 1) {
            assertThat(p.isAlive()).as("the experiment is still running: %s", err("experiment")).isTrue();
            assertThat(System.nanoTime()).as("the first training got under way").isLessThan(deadline);
            Thread.sleep(50);
        }
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("the experiment ended after SIGTERM").isTrue();
        assertThat(p.exitValue()).as(err("experiment")).isEqualTo(143);
        assertThat(Files.readString(tmp.resolve("experiment.out"))).contains("stopped on SIGTERM; run the same command to continue.");
        assertThat(Files.readString(out.resolve("work.jsonl"))).startsWith("{\"unit\":\"baseline-lambda0-seed0\",\"partial\":true,");
        assertThat(Files.readString(out.resolve("report.md"))).contains("## Not finished yet", "This invocation stopped on SIGTERM.");
        try (Stream<Path> s = Files.list(training.resolve("checkpoints"))) {
            assertThat(s.count()).as("checkpoints of the stopped training").isPositive();
        }
    }

    /**
     * Waits until {@code run}'s metrics log shows a step past {@link #SIGNAL_AFTER_STEP}, sends
     * SIGTERM, and checks the exit: code 143 within the bound, the log line saying so, and a
     * checkpoint at the step it stopped after. Returns that step.
     */
    private long terminateAfterStep(Process p, Path run, String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (lastLoggedStep(run) < SIGNAL_AFTER_STEP) {
            assertThat(p.isAlive()).as("%s is still training: %s", name, err(name)).isTrue();
            assertThat(System.nanoTime()).as("%s reached step %d", name, SIGNAL_AFTER_STEP).isLessThan(deadline);
            Thread.sleep(50);
        }
        long sent = System.nanoTime();
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(STOP_TIMEOUT_SECONDS + 10, TimeUnit.SECONDS)).as("%s ended after SIGTERM", name).isTrue();
        double seconds = (System.nanoTime() - sent) / 1e9;
        String err = err(name);
        assertThat(p.exitValue()).as(err).isEqualTo(143);
        assertThat(seconds).as("seconds from SIGTERM to exit (bound %d): %s", STOP_TIMEOUT_SECONDS, err)
                .isLessThan(STOP_TIMEOUT_SECONDS / 2.0);
        assertThat(err).doesNotContain("not done within");
        Matcher m = Pattern.compile("stopped by SIGTERM at step (\\d+) with a checkpoint").matcher(err);
        assertThat(m.find()).as(err).isTrue();
        long step = Long.parseLong(m.group(1));
        assertThat(step).isGreaterThanOrEqualTo(SIGNAL_AFTER_STEP).isLessThan(136);
        assertThat(stepOf(newestCheckpoint(run))).as("the step of the checkpoint written on SIGTERM").isEqualTo(step);
        return step;
    }

    /** The final network and optimizer of the resumed run are those of the uninterrupted one, byte for byte. */
    private static void assertSameFinalState(Path whole, Path resumed, long stoppedAt) throws IOException {
        Path a = newestCheckpoint(whole);
        Path b = newestCheckpoint(resumed);
        assertThat(b.getFileName()).isEqualTo(a.getFileName());
        assertThat(stepOf(b)).isGreaterThan(stoppedAt);
        for (String file : List.of("network.bin", "optimizer.bin")) {
            assertThat(Files.readAllBytes(b.resolve(file))).as("%s of %s against %s", file, b, a)
                    .isEqualTo(Files.readAllBytes(a.resolve(file)));
        }
    }

    /** tabular-sparsity with a small MLP, 2 epochs, logging every second step, and {@code runtime} settings. */
    private Path config(String runtime) throws IOException {
        Path conf = tmp.resolve("signals.conf");
        Path preset = Path.of("../../conf/tabular-sparsity.conf").toAbsolutePath().normalize();
        Files.writeString(conf, """
                include "%s"
                axiom {
                  model.hidden = [32, 16]
                  train { epochs = 2, threads = 1, log-every-steps = 2 }
                  attribution { references = 2, reference-source = shifted-batch }
                  runtime { %s }
                }
                """.formatted(preset, runtime));
        return conf;
    }

    private static List<String> nodeArguments(List<String> arguments, int port, int seedPort, String role) {
        List<String> all = new ArrayList<>(List.of("node"));
        all.addAll(arguments);
        all.addAll(ChildAxiom.clusterNode(role, port, seedPort));
        return all;
    }

    private Process start(String name, List<String> arguments) throws IOException {
        return children.start(name, arguments);
    }

    private String err(String name) throws IOException {
        Path f = tmp.resolve(name + ".err");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    private static long lastLoggedStep(Path run) throws IOException {
        Path metrics = run.resolve("metrics.jsonl");
        if (!Files.exists(metrics)) {
            return -1;
        }
        Matcher m = Pattern.compile("\"type\":\"step\",\"step\":(\\d+)").matcher(Files.readString(metrics));
        long last = -1;
        while (m.find()) {
            last = Math.max(last, Long.parseLong(m.group(1)));
        }
        return last;
    }

    private static Path newestCheckpoint(Path run) throws IOException {
        try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
            return s.filter(d -> d.getFileName().toString().matches("step-\\d+"))
                    .max(Comparator.comparingLong(SignalsTest::stepOf)).orElseThrow();
        }
    }

    private static long stepOf(Path checkpoint) {
        return Long.parseLong(checkpoint.getFileName().toString().substring("step-".length()));
    }

    private static int freePort() throws IOException {
        return ChildAxiom.freePort();
    }
}
