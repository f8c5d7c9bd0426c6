package dev.axiom.runtime.trainer;

import static dev.axiom.runtime.trainer.SchedulerFixture.reply;
import static dev.axiom.runtime.trainer.SchedulerFixture.targets;
import static org.assertj.core.api.Assertions.assertThat;

import dev.axiom.runtime.trainer.StepScheduler.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whole batches to idle workers, bounded staleness, and lost batches handed on before new ones. */
class AsynchronousSchedulerTest {

    private final AsynchronousScheduler scheduler = new AsynchronousScheduler();
    private final SchedulerFixture fx = new SchedulerFixture();

    private StepScheduler.Started start(List<Integer> live, long version) {
        return scheduler.start(fx.ready, live, fx::plan, version);
    }

    @Test
    void eachIdleLiveWorkerTakesAWholeBatch() {
        fx.batches(10, 10, 10);
        StepScheduler.Started started = start(List.of(0, 1), 0);
        assertThat(targets(started.dispatches())).containsExactly(0, 1);
        StepInFlight a = started.dispatches().get(0).step();
        assertThat(a.shards()).isEqualTo(1);
        assertThat(a.to(0)).isEqualTo(10);
        assertThat(fx.seedsAsked).containsExactly(1, 1);
        assertThat(start(List.of(0, 1), 0).dispatches()).as("every worker busy").isEmpty();
        assertThat(fx.ready).hasSize(1);

        assertThat(scheduler.accept(reply(0, a, 0), 0, 1).verdict()).isEqualTo(Verdict.COMPLETE);
        assertThat(targets(start(List.of(0, 1), 1).dispatches())).containsExactly(0);
        StepScheduler.Started none = start(List.of(0, 1, 4), 1);
        assertThat(targets(none.dispatches())).as("nothing ready for the joined worker").isEmpty();
        assertThat(none.wantsBatch()).isTrue();
    }

    @Test
    void aGradientMoreThanMaxStalenessUpdatesOldIsComputedAgain() {
        fx.batches(10);
        StepInFlight a = start(List.of(0), 3).dispatches().get(0).step();
        StepScheduler.Accepted stale = scheduler.accept(reply(0, a, 0), 6, 2);
        assertThat(stale.verdict()).isEqualTo(Verdict.STALE);
        assertThat(stale.step()).isSameAs(a);
        assertThat(a.version()).isEqualTo(6);
        assertThat(scheduler.accept(reply(0, a, 0), 8, 2).verdict()).as("two updates old: within the bound")
                .isEqualTo(Verdict.COMPLETE);
        assertThat(scheduler.idle()).isTrue();
    }

    @Test
    void aLostWorkersBatchGoesToAnIdleWorkerBeforeAnyNewBatch() {
        fx.batches(10, 10, 10, 10);
        List<StepScheduler.Dispatch> first = start(List.of(0, 1), 0).dispatches();
        StepInFlight lostStep = first.get(1).step();
        assertThat(scheduler.lost(1, List.of(0), 0)).as("no idle worker yet").isEmpty();
        assertThat(scheduler.idle()).isFalse();
        assertThat(scheduler.accept(reply(1, lostStep, 0), 0, 1).verdict()).isEqualTo(Verdict.LATE);

        scheduler.accept(reply(0, first.get(0).step(), 0), 0, 1);
        List<StepScheduler.Dispatch> next = start(List.of(0, 2), 1).dispatches();
        assertThat(next.get(0).step()).as("the orphaned batch first").isSameAs(lostStep);
        assertThat(targets(next)).containsExactly(0, 2);
        assertThat(lostStep.version()).isEqualTo(1);
        assertThat(fx.ready).hasSize(1);
    }

    @Test
    void aLostWorkersBatchGoesAtOnceToAWorkerThatIsIdle() {
        fx.batches(10);
        StepInFlight a = start(List.of(0, 1), 0).dispatches().get(0).step();
        List<StepScheduler.Dispatch> moved = scheduler.lost(0, List.of(1), 2);
        assertThat(targets(moved)).containsExactly(1);
        assertThat(moved.get(0).step()).isSameAs(a);
        assertThat(scheduler.stepOf(1)).contains(a);
        assertThat(scheduler.accept(reply(1, a, 0), 2, 1).verdict()).isEqualTo(Verdict.COMPLETE);
    }

    @Test
    void aRestartedWorkerGetsItsBatchAgainOnCurrentParameters() {
        fx.batches(10);
        StepInFlight a = start(List.of(0), 0).dispatches().get(0).step();
        assertThat(scheduler.restarted(0, 4)).extracting(StepScheduler.Dispatch::step).containsExactly(a);
        assertThat(a.version()).isEqualTo(4);
        assertThat(scheduler.restarted(3, 4)).isEmpty();
    }
}
