package dev.axiom.app;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Kills a training process with SIGKILL at seeded moments, resumes it each time, and compares its
 * final parameters and optimizer state with those of an uninterrupted run, byte for byte. Every
 * other kill waits for a checkpoint write to begin (its {@code .tmp} folder) and strikes at once,
 * so that some land while a checkpoint is half written; whether one did is read from the folder
 * the kill leaves behind. Each run is a child JVM of this one ({@code java} and the class path of
 * this process), started as {@code axiom train}.
 *
 * @param trainArguments {@code --config}/{@code --set} arguments of {@code axiom train}
 * @param kills how many times to kill the run
 * @param seed the seed of the kill moments
 * @param out the folder of the two runs ({@code uninterrupted/}, {@code crashed/}) and the logs
 * @param log where each kill and the result are printed
 */
record CrashLoop(List<String> trainArguments, int kills, long seed, Path out, PrintStream log) {

    private static final long RUN_TIMEOUT_MINUTES = 30;
    private static final Object NOT_STARTED = new Object();
    private static final Pattern STEP = Pattern.compile("\"type\":\"step\",\"step\":(\\d+)");

    /** One kill: after which logged step, and whether it left a checkpoint half written. */
    record Kill(int number, long afterLoggedStep, boolean aimedAtACheckpointWrite, boolean duringCheckpointWrite) {}

    /**
     * What the loop did and found.
     *
     * @param kills the kills, in order
     * @param steps the run's final step
     * @param checkpoint the final checkpoint compared
     * @param identical whether its network and optimizer files equal the uninterrupted run's
     * @param seconds wall time of the whole loop
     */
    record Result(List<Kill> kills, long steps, String checkpoint, boolean identical, double seconds) {
        /** Kills that struck while a checkpoint was being written. */
        long duringCheckpointWrites() {
            return kills.stream().filter(Kill::duringCheckpointWrite).count();
        }
    }

    /** Runs the loop. */
    Result run() throws IOException, InterruptedException {
        long started = System.nanoTime();
        Files.createDirectories(out);
        Path reference = out.resolve("uninterrupted");
        Path crashed = out.resolve("crashed");
        log.println("crash-loop: the uninterrupted run (" + reference + ")");
        Process whole = train(List.of("--out", reference.toString()), "uninterrupted");
        requireSuccess(whole, "uninterrupted");
        long total = stepOf(newestCheckpoint(reference));

        Random random = new Random(seed);
        long[] targets = random.longs(kills, 1, Math.max(2, total - 1)).sorted().toArray();
        List<Kill> done = new ArrayList<>();
        Process p = train(List.of("--out", crashed.toString()), "crashed-0");
        Object metricsAtKill = NOT_STARTED;
        for (int k = 0; k < targets.length; k++) {
            boolean atWrite = k % 2 == 1;
            Long logged = waitForKillMoment(p, crashed, metricsAtKill, targets[k], atWrite);
            if (logged == null) {
                log.printf("crash-loop: the run finished before kill %d (target step %d)%n", k + 1, targets[k]);
                break;
            }
            p.destroyForcibly();
            p.waitFor();
            metricsAtKill = metricsFile(crashed);
            boolean halfWritten = hasTemporaryCheckpoint(crashed);
            Kill kill = new Kill(k + 1, logged, atWrite, halfWritten);
            done.add(kill);
            log.printf("crash-loop: kill %d (SIGKILL) after logged step %d%s%s%n", k + 1, logged,
                    atWrite ? ", aimed at a checkpoint write" : "", halfWritten ? ": a checkpoint was half written" : "");
            p = train(List.of("--resume", crashed.toString()), "crashed-" + (k + 1));
        }
        requireSuccess(p, "crashed-" + done.size());

        Path a = newestCheckpoint(reference);
        Path b = newestCheckpoint(crashed);
        boolean identical = a.getFileName().equals(b.getFileName())
                && Arrays.equals(Files.readAllBytes(a.resolve("network.bin")), Files.readAllBytes(b.resolve("network.bin")))
                && Arrays.equals(Files.readAllBytes(a.resolve("optimizer.bin")), Files.readAllBytes(b.resolve("optimizer.bin")));
        Result result = new Result(List.copyOf(done), total, b.getFileName().toString(), identical,
                (System.nanoTime() - started) / 1e9);
        log.printf("crash-loop: %d kills (%d during a checkpoint write), %d resumes; final %s %s the uninterrupted run's "
                        + "(network.bin, optimizer.bin); %.0f s%n",
                done.size(), result.duringCheckpointWrites(), done.size(), b.getFileName(),
                identical ? "is byte-identical to" : "DIFFERS from", result.seconds());
        return result;
    }

    /**
     * Waits until the run (started afresh or resumed) has logged {@code target} and, when
     * {@code atWrite}, until a checkpoint write begins after that; returns the last logged step,
     * or null if the process ended first. {@code metricsAtKill} identifies the killed run's
     * metrics file: until a resumed run has replaced it (dropping the steps after its checkpoint),
     * the steps it holds are the killed run's.
     */
    private Long waitForKillMoment(Process p, Path run, Object metricsAtKill, long target, boolean atWrite)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(RUN_TIMEOUT_MINUTES);
        while (metricsAtKill != NOT_STARTED && java.util.Objects.equals(metricsFile(run), metricsAtKill)) {
            if (!p.isAlive()) {
                return null;
            }
            pause(deadline, 5);
        }
        while (lastLoggedStep(run) < target) {
            if (!p.isAlive()) {
                return null;
            }
            pause(deadline, 2);
        }
        if (atWrite) {
            while (!hasTemporaryCheckpoint(run)) {
                if (!p.isAlive()) {
                    return null;
                }
                pause(deadline, 0);
            }
        }
        return lastLoggedStep(run);
    }

    /** The identity of the run's metrics file (its inode), or null while there is none. */
    private static Object metricsFile(Path run) throws IOException {
        try {
            return Files.readAttributes(run.resolve("metrics.jsonl"), BasicFileAttributes.class).fileKey();
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }

    private static void pause(long deadline, long millis) throws InterruptedException {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the run made no progress for " + RUN_TIMEOUT_MINUTES + " minutes");
        }
        if (millis > 0) {
            Thread.sleep(millis);
        } else {
            Thread.onSpinWait();
        }
    }

    /** {@code axiom train} with the loop's settings and {@code more}, in a child JVM. */
    private Process train(List<String> more, String name) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-Dai.djl.offline=true", "-Djava.awt.headless=true", Axiom.class.getName(), "train"));
        if (more.get(0).equals("--out")) {
            command.addAll(trainArguments);
        }
        command.addAll(more);
        command.add("--no-report");
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(out.resolve(name + ".out").toFile())
                .redirectError(out.resolve(name + ".err").toFile());
        // The class path goes in CLASSPATH: a long command line can upset native libraries (see bin/axiom).
        pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        return pb.start();
    }

    private void requireSuccess(Process p, String name) throws IOException, InterruptedException {
        if (!p.waitFor(RUN_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(name + " did not finish within " + RUN_TIMEOUT_MINUTES + " minutes");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(name + " ended with exit code " + p.exitValue() + ": "
                    + Files.readString(out.resolve(name + ".err")).lines().filter(l -> l.startsWith("axiom: error"))
                            .findFirst().orElse("see " + out.resolve(name + ".err")));
        }
    }

    private static long lastLoggedStep(Path run) throws IOException {
        Path metrics = run.resolve("metrics.jsonl");
        if (!Files.exists(metrics)) {
            return -1;
        }
        Matcher m = STEP.matcher(Files.readString(metrics));
        long last = -1;
        while (m.find()) {
            last = Math.max(last, Long.parseLong(m.group(1)));
        }
        return last;
    }

    private static boolean hasTemporaryCheckpoint(Path run) throws IOException {
        Path dir = run.resolve("checkpoints");
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp"));
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
    }

    private static Path newestCheckpoint(Path run) {
        try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
            return s.filter(d -> d.getFileName().toString().matches("step-\\d+"))
                    .max(Comparator.comparingLong(CrashLoop::stepOf))
                    .orElseThrow(() -> new IllegalStateException(run + " has no checkpoint"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long stepOf(Path checkpoint) {
        return Long.parseLong(checkpoint.getFileName().toString().substring("step-".length()));
    }
}
