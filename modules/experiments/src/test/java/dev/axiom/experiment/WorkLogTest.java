package dev.axiom.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finished units are remembered across runs; a line cut by an interruption is redone. */
class WorkLogTest {

    @TempDir
    Path tmp;

    @Test
    void aUnitIsComputedOnceAcrossRuns() {
        Path file = tmp.resolve("work.jsonl");
        AtomicInteger calls = new AtomicInteger();
        new WorkLog(file).get("a", () -> Map.of("x", (double) calls.incrementAndGet()));
        WorkLog again = new WorkLog(file);
        assertThat(again.has("a")).isTrue();
        assertThat(again.get("a", () -> Map.of("x", (double) calls.incrementAndGet()))).containsEntry("x", 1.0);
        assertThat(calls).hasValue(1);
    }

    @Test
    void nonFiniteValuesSurviveAsNaN() {
        Path file = tmp.resolve("work.jsonl");
        new WorkLog(file).get("a", () -> Map.of("x", Double.NaN));
        assertThat(new WorkLog(file).get("a", Map::of).get("x")).isNaN();
    }

    @Test
    void aTruncatedLastLineIsDoneAgainButACorruptEarlierLineIsAnError() throws Exception {
        Path file = tmp.resolve("work.jsonl");
        new WorkLog(file).get("a", () -> Map.of("x", 1.0));
        Files.writeString(file, "{\"unit\":\"b\",\"val", StandardOpenOption.APPEND);
        WorkLog log = new WorkLog(file);
        assertThat(log.has("a")).isTrue();
        assertThat(log.has("b")).isFalse();
        log.get("b", () -> Map.of("x", 2.0));
        assertThat(new WorkLog(file).get("b", Map::of)).containsEntry("x", 2.0);

        Files.writeString(file, "garbage\n{\"unit\":\"a\",\"values\":{}}\n");
        assertThatThrownBy(() -> new WorkLog(file)).hasMessageContaining("line 1").hasMessageContaining(file.toString());
    }

    @Test
    void unitTimesAddUpAcrossRunsAndOldUntimedLinesAreCounted() throws Exception {
        Path file = tmp.resolve("work.jsonl");
        Files.writeString(file, "{\"unit\":\"old\",\"values\":{\"x\":1.0}}\n");
        WorkLog first = new WorkLog(file);
        assertThat(first.untimedUnits()).isEqualTo(1);
        first.get("slow", () -> {
            sleep(120);
            return Map.of("x", 2.0);
        });
        assertThat(first.seconds()).isGreaterThanOrEqualTo(0.12);
        new WorkLog(file).get("quick", () -> Map.of("x", 3.0));

        WorkLog reread = new WorkLog(file);
        assertThat(reread.size()).isEqualTo(3);
        assertThat(reread.untimedUnits()).isEqualTo(1);
        assertThat(reread.seconds()).isGreaterThanOrEqualTo(0.12).isLessThan(60);
    }

    @Test
    void aUnitStoppedHalfwayCountsItsTimeButIsNotDone() throws Exception {
        Path file = tmp.resolve("work.jsonl");
        WorkLog first = new WorkLog(file);
        assertThatThrownBy(() -> first.get("long", () -> {
            sleep(120);
            throw new WorkLog.OutOfTime("long");
        })).isInstanceOf(WorkLog.OutOfTime.class);
        assertThat(first.has("long")).isFalse();
        assertThat(first.seconds()).isGreaterThanOrEqualTo(0.12);
        assertThat(Files.readString(file)).contains("\"partial\":true");

        WorkLog second = new WorkLog(file);
        assertThat(second.has("long")).isFalse();
        assertThat(second.size()).isZero();
        second.get("long", () -> {
            sleep(50);
            return Map.of("x", 1.0);
        });
        WorkLog reread = new WorkLog(file);
        assertThat(reread.get("long", Map::of)).containsEntry("x", 1.0);
        assertThat(reread.size()).isEqualTo(1);
        assertThat(reread.seconds()).as("both invocations' time").isGreaterThanOrEqualTo(0.17).isLessThan(60);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
