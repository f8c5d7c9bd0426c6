package dev.axiom.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.axiom.data.DataFormatException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness itself: mutants are reproducible, and every kind of failure is judged a crasher. */
class FuzzerTest {

    @TempDir
    Path tmp;

    private static final List<Seed> SEEDS = List.of(new Seed("table.csv", "a,b,label\n1,2,0\n3,4,1\n".getBytes(StandardCharsets.UTF_8)));

    /** A reader that loads the seed, refuses a file with "x" properly, and misbehaves as asked on other inputs. */
    private static FuzzTarget target(FuzzTarget.Reader onMutant) {
        return new FuzzTarget("t", SEEDS, Mutator.Format.LINES, input -> {
            if (!Files.readString(input, StandardCharsets.ISO_8859_1).equals(new String(SEEDS.get(0).bytes(), StandardCharsets.UTF_8))) {
                onMutant.read(input);
            }
        }, List.of(DataFormatException.class), true, null);
    }

    private Summary run(FuzzTarget.Reader onMutant, int inputs) {
        return new Fuzzer(tmp).run(target(onMutant), inputs, 7);
    }

    @Test
    void theSameSeedGivesTheSameMutantsAndAnotherSeedOthers() {
        FuzzTarget t = target(input -> { });
        for (int i = 0; i < 50; i++) {
            assertThat(Fuzzer.mutant(t, 7, i).mutant().bytes()).isEqualTo(Fuzzer.mutant(t, 7, i).mutant().bytes());
        }
        long differ = java.util.stream.IntStream.range(0, 50)
                .filter(i -> !java.util.Arrays.equals(Fuzzer.mutant(t, 7, i).mutant().bytes(), Fuzzer.mutant(t, 8, i).mutant().bytes()))
                .count();
        assertThat(differ).isGreaterThan(40);
    }

    @Test
    void aProperUserErrorIsAUserError() {
        Summary s = run(input -> {
            throw new DataFormatException(input + ":2: bad");
        }, 20);

        assertThat(s.userErrors() + s.loaded()).isEqualTo(20);
        assertThat(s.crashers()).isZero();
    }

    @Test
    void anotherExceptionIsACrasherWithItsKindAndASavedInput() {
        Summary s = run(input -> {
            throw new NullPointerException();
        }, 20);

        assertThat(s.crashers()).isPositive();
        assertThat(s.kinds()).containsOnlyKeys(s.kinds().keySet().stream().filter(k -> k.startsWith("java.lang.NullPointerException")).toList());
        assertThat(s.examples().get(0).saved()).exists();
    }

    @Test
    void aUserErrorNotNamingTheFileIsACrasher() {
        Summary s = run(input -> {
            throw new DataFormatException("bad");
        }, 10);

        assertThat(s.kinds().keySet()).allMatch(k -> k.endsWith("not naming the file"));
    }

    @Test
    void runningOutOfMemoryIsACrasher() {
        Summary s = run(input -> {
            long[][] hog = new long[1 << 20][];
            for (int i = 0; i < hog.length; i++) {
                hog[i] = new long[1 << 20];
            }
        }, 2);

        assertThat(s.kinds().keySet()).allMatch(k -> k.startsWith("java.lang.OutOfMemoryError"));
        assertThat(s.crashers()).isEqualTo(2 - s.loaded());
    }

    @Test
    void noAnswerInTimeIsAHangAndTheNextInputStillRuns() {
        Summary s = new Fuzzer(tmp, Duration.ofMillis(300)).run(target(input -> Thread.sleep(60_000)), 3, 7);

        assertThat(s.kinds()).containsEntry("hang", 3 - s.loaded());
    }

    @Test
    void seedsThatDoNotLoadAreRefused() {
        FuzzTarget broken = new FuzzTarget("broken", SEEDS, Mutator.Format.LINES, input -> {
            throw new DataFormatException(input + ": refused");
        }, List.of(DataFormatException.class), true, null);

        assertThatThrownBy(() -> new Fuzzer(tmp).run(broken, 1, 7))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no seed loads");
    }
}
