package dev.axiom.dashboard.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.axiom.runtime.events.TrainingEvent;
import dev.axiom.train.StepLosses;
import dev.axiom.train.StepReport;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Ready while steps come; not ready, with the reason, while paused, after a stall, and after the end. */
class ReadinessTest {

    private final AtomicLong now = new AtomicLong();
    private final Readiness readiness = new Readiness(Duration.ofSeconds(30), now::get);

    private void advance(int seconds) {
        now.addAndGet(seconds * 1_000_000_000L);
    }

    private void step(long step) {
        readiness.stepped(new StepReport(0, step, 0, 0.01, new StepLosses(1, 1, 0, Map.of(), 8), 0.1));
    }

    @Test
    void readyWhileStepsComeAndStalledWhenNoneCompletesWithinTheLimit() {
        assertThat(readiness.status()).isEqualTo(new Readiness.Status(true, "training: no step completed yet, 0.0 s ago"));
        advance(31);
        assertThat(readiness.status().ready()).isFalse();
        assertThat(readiness.status().reason()).isEqualTo("stalled: no step completed for 31 s (limit 30 s); no step completed yet");
        step(1);
        advance(10);
        assertThat(readiness.status()).isEqualTo(new Readiness.Status(true, "training: last step 1, 10.0 s ago"));
        advance(25);
        assertThat(readiness.status()).isEqualTo(
                new Readiness.Status(false, "stalled: no step completed for 35 s (limit 30 s); last step 1"));
    }

    @Test
    void notReadyWhilePausedAndAPauseIsNotAStall() {
        step(7);
        readiness.accept(new TrainingEvent.Paused(7));
        advance(100);
        assertThat(readiness.status()).isEqualTo(new Readiness.Status(false, "paused at step 7"));
        readiness.accept(new TrainingEvent.Resumed(7));
        assertThat(readiness.status().ready()).isTrue();
    }

    @Test
    void notReadyOnceTrainingEndedOrFailed() {
        step(3);
        readiness.accept(new TrainingEvent.Finished(40, 2, false, 40, 40));
        assertThat(readiness.status()).isEqualTo(new Readiness.Status(false, "training finished at step 40"));
        Readiness failing = new Readiness(Duration.ofSeconds(30), now::get);
        failing.accept(new TrainingEvent.Failed(5, "the training objective is NaN"));
        assertThat(failing.status()).isEqualTo(
                new Readiness.Status(false, "training failed at step 5: the training objective is NaN"));
    }
}
