package dev.axiom.fuzz;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Runs a reader against seeded mutants of its seeds and judges each answer.
 *
 * <p>Input {@code i} of reader {@code r} under seed {@code s} depends on {@code (s, r, i)} only, so
 * a crasher is made again from its number ({@link #mutant}). Each input is written to a folder of
 * its own under the file name of its seed, read on a worker thread and judged:
 *
 * <ul>
 *   <li>{@link Outcome#LOADED}: the reader returned;
 *   <li>{@link Outcome#USER_ERROR}: it threw one of the target's user-error types whose message is
 *       not blank, is not a bare {@code null}, and names the file when the target says it must;
 *   <li>{@link Outcome#CRASHER}: anything else, including {@link OutOfMemoryError} (the memory
 *       guard: a reader that allocates what a header declares before checking it fails here at
 *       once, more so under the long run's small heap), {@link StackOverflowError}, and no answer
 *       within the time limit (the worker is interrupted and abandoned, a fresh one takes over).
 * </ul>
 *
 * Crasher inputs are kept in {@code work/crashers/<reader>/} for reproduction; other inputs are
 * deleted.
 */
public final class Fuzzer {

    /** The time a reader has for one input. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final int EXAMPLES_PER_KIND = 3;
    /** The time limit for the unmutated seeds, which also warm the reader up (class loading, JIT). */
    private static final Duration WARM_UP = Duration.ofSeconds(60);

    private final Path work;
    private final Duration timeout;
    private ExecutorService worker = newWorker();

    /** A fuzzer writing its inputs under {@code work}, with the time limit {@link #TIMEOUT}. */
    public Fuzzer(Path work) {
        this(work, TIMEOUT);
    }

    /** A fuzzer with another time limit (for testing the fuzzer itself). */
    public Fuzzer(Path work, Duration timeout) {
        this.work = work;
        this.timeout = timeout;
    }

    /** Input {@code index} of {@code target} under {@code seed}: which seed file, and its mutant. */
    public static Generated mutant(FuzzTarget target, long seed, int index) {
        SplittableRandom rng = new SplittableRandom(
                seed * 0x9E3779B97F4A7C15L ^ (long) target.name().hashCode() << 32 ^ index * 0xBF58476D1CE4E5B9L);
        Seed from = target.seeds().get(rng.nextInt(target.seeds().size()));
        Mutator.Mutant m = new Mutator(target.format()).mutate(from.bytes(), rng);
        if (target.repair() != null && rng.nextBoolean()) {
            m = new Mutator.Mutant(target.repair().apply(m.bytes()), m.description() + ", repaired");
        }
        return new Generated(from, m);
    }

    /**
     * An input: the seed it grew from and the mutant.
     *
     * @param seed the seed
     * @param mutant the mutated bytes and how they were made
     */
    public record Generated(Seed seed, Mutator.Mutant mutant) {}

    /**
     * Checks the seeds (none may crash, one at least must load), then tries {@code inputs} mutants.
     *
     * @throws IllegalStateException if a seed crashes or none loads (the target is miswired:
     *     mutants of them would test nothing)
     */
    public Summary run(FuzzTarget target, int inputs, long seed) {
        Path dir = work.resolve(target.name());
        Path crashers = work.resolve("crashers").resolve(target.name());
        boolean anyLoads = false;
        for (Seed s : target.seeds()) {
            Path input = write(dir.resolve("seed"), s.fileName(), s.bytes());
            Judged j = judge(target, input, WARM_UP);
            if (j.outcome() == Outcome.CRASHER) {
                throw new IllegalStateException(target.name() + ": seed " + s.fileName() + " crashes: " + j.problem());
            }
            anyLoads |= j.outcome() == Outcome.LOADED;
        }
        if (!anyLoads) {
            throw new IllegalStateException(target.name() + ": no seed loads; mutants of them would test nothing");
        }
        long start = System.nanoTime();
        int loaded = 0;
        int userErrors = 0;
        int crasherCount = 0;
        Map<String, Integer> kinds = new LinkedHashMap<>();
        List<Crash> examples = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            Generated g = mutant(target, seed, i);
            Path folder = dir.resolve(Integer.toString(i));
            Path input = write(folder, g.seed().fileName(), g.mutant().bytes());
            Judged j = judge(target, input);
            switch (j.outcome()) {
                case LOADED -> loaded++;
                case USER_ERROR -> userErrors++;
                case CRASHER -> {
                    crasherCount++;
                    int seen = kinds.merge(j.kind(), 1, Integer::sum);
                    if (seen <= EXAMPLES_PER_KIND) {
                        Path saved = write(crashers, i + "-" + g.seed().fileName(), g.mutant().bytes());
                        examples.add(new Crash(i, g.seed().fileName(), g.mutant().description(), j.problem(), saved));
                    }
                }
            }
            deleteRecursively(folder);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Summary(target.name(), inputs, loaded, userErrors, crasherCount, kinds, examples, seconds);
    }

    /**
     * The outcome of one input.
     *
     * @param outcome loaded, user error or crasher
     * @param kind for a crasher, its kind (exception type and throwing frame, or "hang")
     * @param problem for anything but loaded, what happened
     */
    public record Judged(Outcome outcome, String kind, String problem) {}

    /** Reads {@code input} with {@code target}'s reader and judges the answer. */
    public Judged judge(FuzzTarget target, Path input) {
        return judge(target, input, timeout);
    }

    private Judged judge(FuzzTarget target, Path input, Duration timeout) {
        Future<?> answer = worker.submit(() -> {
            target.reader().read(input);
            return null;
        });
        try {
            answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Judged(Outcome.LOADED, null, null);
        } catch (TimeoutException e) {
            answer.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            return new Judged(Outcome.CRASHER, "hang", "no answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            return judgeThrown(target, input, e.getCause());
        }
    }

    private static Judged judgeThrown(FuzzTarget target, Path input, Throwable t) {
        String problem = describe(t);
        boolean own = target.userErrors().stream().anyMatch(type -> type.isInstance(t));
        if (own) {
            String message = t.getMessage();
            String name = input.getFileName().toString();
            if (message == null || message.isBlank() || message.endsWith(": null") || message.equals("null")) {
                return new Judged(Outcome.CRASHER, kind(t) + " without a message", problem);
            }
            if (target.namesFile() && !message.contains(name) && !message.contains(input.getParent().toString())) {
                return new Judged(Outcome.CRASHER, kind(t) + " not naming the file", problem);
            }
            return new Judged(Outcome.USER_ERROR, null, problem);
        }
        return new Judged(Outcome.CRASHER, kind(t), problem);
    }

    /** The exception type and the first frame of the project (else the first frame) it came from. */
    private static String kind(Throwable t) {
        Throwable root = t;
        StackTraceElement[] trace = root.getStackTrace();
        StackTraceElement at = trace.length == 0 ? null : trace[0];
        for (StackTraceElement e : trace) {
            if (e.getClassName().startsWith("dev.axiom.") && !e.getClassName().startsWith("dev.axiom.fuzz.")) {
                at = e;
                break;
            }
        }
        return t.getClass().getName() + (at == null ? "" : " at " + at.getClassName() + "." + at.getMethodName()
                + ":" + at.getLineNumber());
    }

    private static String describe(Throwable t) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        String text = trace.toString();
        String[] lines = text.split("\n");
        StringBuilder b = new StringBuilder(lines[0].strip());
        for (int k = 1; k < Math.min(lines.length, 4); k++) {
            b.append(" | ").append(lines[k].strip());
        }
        String s = b.toString();
        return s.length() > 600 ? s.substring(0, 600) + "…" : s;
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-reader");
            t.setDaemon(true);
            return t;
        });
    }

    private static Path write(Path folder, String name, byte[] bytes) {
        try {
            Files.createDirectories(folder);
            return Files.write(folder.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes {@code dir} and what it holds (quietly: a reader may still hold a hung input). */
    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException ignored) {
            // left for the next run's clean-up
        }
    }
}
