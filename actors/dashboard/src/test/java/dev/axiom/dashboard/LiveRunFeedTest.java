package dev.axiom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.axiom.runtime.events.TrainingEvent;
import org.junit.jupiter.api.Test;

/** Membership changes of a cluster run reach the run's journal, which the dashboard shows. */
class LiveRunFeedTest {

    @Test
    void workersLostAndJoinedAreJournalled() {
        RunJournal journal = new RunJournal();
        LiveRunFeed feed = new LiveRunFeed(journal, 10, (step, path) -> {});
        feed.accept(new TrainingEvent.WorkerLost(7, 1, "pekko://axiom@127.0.0.1:25521", true));
        feed.accept(new TrainingEvent.WorkerJoined(9, 3, "pekko://axiom@127.0.0.1:25523"));
        assertThat(journal.latest("worker_lost")).hasValueSatisfying(e -> {
            assertThat(e.step()).isEqualTo(7);
            assertThat(e.json()).contains("\"worker\":1", "\"node\":\"pekko://axiom@127.0.0.1:25521\"", "\"continuing\":true");
        });
        assertThat(journal.latest("worker_joined")).hasValueSatisfying(e -> {
            assertThat(e.step()).isEqualTo(9);
            assertThat(e.json()).contains("\"worker\":3", "\"node\":\"pekko://axiom@127.0.0.1:25523\"");
        });
    }
}
