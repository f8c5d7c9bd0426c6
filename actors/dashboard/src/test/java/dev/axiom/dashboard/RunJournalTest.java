package dev.axiom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.axiom.run.Json;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RunJournalTest {

    @Test
    void numbersEntriesFromOneAndHandsOutWhatComesAfterAnId() {
        RunJournal j = new RunJournal();
        j.append("step", 10, Map.of("loss", 0.5));
        j.append("evaluation", 10, Map.of("val_accuracy", 0.9, "step", 99));

        assertThat(j.after(0)).extracting(JournalEntry::id).containsExactly(1L, 2L);
        assertThat(j.after(1)).extracting(JournalEntry::type).containsExactly("evaluation");
        assertThat(j.after(2)).isEmpty();
        assertThat(j.after(-5)).hasSize(2);
        assertThat(Json.parse(j.after(1).get(0).json()))
                .as("id, type and step are the journal's").containsEntry("id", 2).containsEntry("step", 10);
        assertThat(j.latest("step")).hasValueSatisfying(e -> assertThat(e.id()).isEqualTo(1));
    }

    @Test
    void aSupersedingEntryLeavesStubsOfTheOlderOnesOfItsType() {
        RunJournal j = new RunJournal();
        j.appendSuperseding("snapshot", 10, Map.of("maps", List.of(1.0, 2.0)));
        j.append("step", 20, Map.of("loss", 0.5));
        j.appendSuperseding("snapshot", 20, Map.of("maps", List.of(3.0)));

        assertThat(j.after(0)).extracting(JournalEntry::id).containsExactly(1L, 2L, 3L);
        assertThat(Json.parse(j.after(0).get(0).json())).containsOnlyKeys("id", "type", "step", "superseded")
                .containsEntry("step", 10).containsEntry("superseded", true);
        assertThat(Json.parse(j.after(2).get(0).json())).containsEntry("maps", List.of(3.0));
        assertThat(j.latest("snapshot")).hasValueSatisfying(e -> assertThat(e.id()).isEqualTo(3));
    }

    @Test
    void aWaitingReaderWakesOnTheNextAppendAndEndsWhenClosed() throws Exception {
        RunJournal j = new RunJournal();
        CompletableFuture<List<JournalEntry>> waiting = j.next(0).toCompletableFuture();
        assertThat(waiting).isNotDone();

        j.append("step", 1, Map.of());
        assertThat(waiting.get()).extracting(JournalEntry::id).containsExactly(1L);

        CompletableFuture<List<JournalEntry>> atTheEnd = j.next(1).toCompletableFuture();
        j.close();
        assertThat(atTheEnd.get()).isEmpty();
        assertThatThrownBy(() -> j.append("step", 2, Map.of())).isInstanceOf(IllegalStateException.class);
        assertThat(j.offer("step", 2, Map.of())).isEmpty();
    }

    @Test
    void appendingDoesNotRunTheWaitingReadersOnTheAppendingThread() throws Exception {
        RunJournal j = new RunJournal();
        AtomicReference<Thread> wokenOn = new AtomicReference<>();
        CompletableFuture<Void> woken = j.next(0).toCompletableFuture().thenRun(() -> wokenOn.set(Thread.currentThread()));

        j.append("step", 1, Map.of());
        woken.get(10, TimeUnit.SECONDS);

        assertThat(wokenOn.get()).as("a reader's continuation (an event stream's, in the dashboard)")
                .isNotSameAs(Thread.currentThread());
    }
}
