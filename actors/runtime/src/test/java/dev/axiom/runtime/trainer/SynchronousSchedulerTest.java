package dev.axiom.runtime.trainer;

import static dev.axiom.runtime.trainer.SchedulerFixture.reply;
import static dev.axiom.runtime.trainer.SchedulerFixture.targets;
import static org.assertj.core.api.Assertions.assertThat;

import dev.axiom.runtime.trainer.StepScheduler.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One step at a time, one shard per live worker, the split changing at step boundaries only. */
class SynchronousSchedulerTest {

    private final SynchronousScheduler scheduler = new SynchronousScheduler();
    private final SchedulerFixture fx = new SchedulerFixture();

    private StepScheduler.Started start(List<Integer> live, long version) {
        return scheduler.start(fx.ready, live, fx::plan, version);
    }

    @Test
    void aStepIsCutIntoOneShardPerLiveWorkerAndCompleteWhenAllShardsAreIn() {
        fx.batches(10);
        StepScheduler.Started started = start(List.of(0, 2, 5), 0);
        assertThat(started.wantsBatch()).isFalse();
        assertThat(targets(started.dispatches())).containsExactly(0, 2, 5);
        StepInFlight step = started.dispatches().get(0).step();
        assertThat(List.of(step.from(0), step.from(1), step.from(2), step.to(2))).containsExactly(0, 3, 6, 10);
        assertThat(fx.seedsAsked).containsExactly(3);
        assertThat(scheduler.idle()).isFalse();

        assertThat(scheduler.accept(reply(2, step, 1), 0, 1).verdict()).isEqualTo(Verdict.PENDING);
        assertThat(scheduler.accept(reply(2, step, 1), 0, 1).verdict()).as("the same shard twice").isEqualTo(Verdict.LATE);
        assertThat(scheduler.accept(reply(0, step, 2), 0, 1).verdict()).as("a shard from a worker it is not assigned to")
                .isEqualTo(Verdict.LATE);
        assertThat(scheduler.accept(reply(5, step, 2), 0, 1).verdict()).isEqualTo(Verdict.PENDING);
        StepScheduler.Accepted last = scheduler.accept(reply(0, step, 0), 0, 1);
        assertThat(last.verdict()).isEqualTo(Verdict.COMPLETE);
        assertThat(last.step()).isSameAs(step);
        assertThat(scheduler.idle()).isTrue();
        assertThat(scheduler.accept(reply(0, step, 0), 1, 1).verdict()).as("a reply of an applied step").isEqualTo(Verdict.LATE);
    }

    @Test
    void aWorkerThatJoinsDuringAStepGetsShardsFromTheNextStepOn() {
        fx.batches(12, 12);
        StepInFlight first = start(List.of(0, 1), 0).dispatches().get(0).step();
        assertThat(start(List.of(0, 1, 7), 0).dispatches()).as("no new split while a step is in flight").isEmpty();
        scheduler.accept(reply(0, first, 0), 0, 1);
        assertThat(scheduler.accept(reply(1, first, 1), 0, 1).verdict()).isEqualTo(Verdict.COMPLETE);

        StepScheduler.Started next = start(List.of(0, 1, 7), 1);
        assertThat(targets(next.dispatches())).containsExactly(0, 1, 7);
        assertThat(fx.seedsAsked).as("shard seeds per step: the live workers when it started").containsExactly(2, 3);
    }

    @Test
    void aLostWorkersUnfinishedShardsGoToTheLiveWorkersInTurn() {
        fx.batches(12);
        StepInFlight step = start(List.of(0, 1, 2, 3), 0).dispatches().get(0).step();
        scheduler.accept(reply(3, step, 3), 0, 1);
        assertThat(scheduler.lost(3, List.of(0, 1, 2), 0)).as("a lost worker whose shard is in").isEmpty();
        List<StepScheduler.Dispatch> moved = scheduler.lost(2, List.of(0, 1), 0);
        assertThat(targets(moved)).containsExactly(0);
        assertThat(moved.get(0).shard()).isEqualTo(2);
        assertThat(scheduler.stepOf(0)).contains(step);
        assertThat(scheduler.accept(reply(2, step, 2), 0, 1).verdict()).as("the lost worker's reply").isEqualTo(Verdict.LATE);
        scheduler.accept(reply(0, step, 0), 0, 1);
        scheduler.accept(reply(1, step, 1), 0, 1);
        assertThat(scheduler.accept(reply(0, step, 2), 0, 1).verdict()).isEqualTo(Verdict.COMPLETE);
    }

    @Test
    void aRestartedWorkerIsSentItsUnfinishedShardsAgain() {
        fx.batches(8);
        StepInFlight step = start(List.of(0, 1), 0).dispatches().get(0).step();
        assertThat(scheduler.restarted(1, 0)).extracting(StepScheduler.Dispatch::shard).containsExactly(1);
        scheduler.accept(reply(1, step, 1), 0, 1);
        assertThat(scheduler.restarted(1, 0)).isEmpty();
        assertThat(scheduler.stepOf(1)).contains(step);
        assertThat(scheduler.stepOf(4)).isEmpty();
    }

    @Test
    void itAsksForABatchWhenIdleAndCutsASmallBatchIntoFewerShards() {
        assertThat(start(List.of(0, 1, 2), 0).wantsBatch()).isTrue();
        assertThat(start(List.of(), 0).wantsBatch()).as("no live worker").isFalse();
        fx.batches(3);
        assertThat(targets(start(List.of(0, 1, 2), 0).dispatches())).as("shards of at least two samples").containsExactly(0);
    }

    @Test
    void referencesAreAwaitedOnlyByTheStepInFlight() {
        fx.batches(8);
        StepInFlight step = start(List.of(0, 1), 0).dispatches().get(0).step();
        assertThat(scheduler.awaitingReferences(step.step(), 1)).contains(step);
        step.references(1, new float[] {1});
        assertThat(scheduler.awaitingReferences(step.step(), 1)).isEmpty();
        assertThat(scheduler.awaitingReferences(step.step() + 1, 0)).isEmpty();
    }
}
