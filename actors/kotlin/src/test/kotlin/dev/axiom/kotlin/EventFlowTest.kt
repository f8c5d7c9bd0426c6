package dev.axiom.kotlin

import dev.axiom.runtime.events.TrainingEvent
import dev.axiom.runtime.events.TrainingEvent.EpochCompleted
import dev.axiom.runtime.events.TrainingEvent.Evaluated
import dev.axiom.runtime.events.TrainingEvent.Finished
import dev.axiom.runtime.events.TrainingEvent.StepCompleted
import java.nio.file.Path
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicReference
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.flow.filterIsInstance
import kotlinx.coroutines.flow.onCompletion
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir

/** A real run's events through [eventFlow]: order, completion, and cancellation of a collection. */
@Timeout(60)
class EventFlowTest {

    @TempDir
    lateinit var dir: Path

    @Test
    fun `collecting receives steps and epochs in order and completes when the run has ended`() = runBlocking<Unit> {
        val run = startRun(TinyRuns.spec(TinyRuns.table(dir), epochs = 3), dir.resolve("run"))
        try {
            val events = run.eventFlow().toList()
            val result = run.awaitResult()

            val steps = events.filterIsInstance<StepCompleted>().map { it.step() }
            assertThat(steps).hasSizeGreaterThan(3)
            assertThat(steps).isEqualTo((steps.first()..result.steps()).toList())
            val epochs = events.filterIsInstance<EpochCompleted>()
            assertThat(epochs).isNotEmpty()
            assertThat(epochs.map { it.epoch() }).isEqualTo((epochs.first().epoch()..2).toList())
            for (end in epochs) {
                // An epoch ends with the step that completed it, announced just before.
                val before = events[events.indexOf(end) - 1]
                assertThat(before).isInstanceOf(StepCompleted::class.java)
                assertThat((before as StepCompleted).step()).isEqualTo(end.step())
                assertThat(before.epoch()).isEqualTo(end.epoch())
            }
            val finished = events.filterIsInstance<Finished>().single()
            assertThat(finished.step()).isEqualTo(result.steps())
            assertThat(finished.stoppedBeforeTheEnd()).isFalse()
            assertThat(events.last()).isInstanceOfSatisfying(Evaluated::class.java) { assertThat(it.split()).isEqualTo("test") }
        } finally {
            run.closeAndAwait()
        }
    }

    @Test
    fun `cancelling a collection cancels its subscription while the run and other collectors go on`() = runBlocking<Unit> {
        val run = startRun(TinyRuns.spec(TinyRuns.table(dir), epochs = 3), dir.resolve("run"))
        try {
            val everything = async(Dispatchers.Default) { run.eventFlow().toList() }

            // A collection whose job is cancelled after its first step.
            val firstStep = CompletableDeferred<Unit>()
            val jobEnd = AtomicReference<Throwable?>()
            val job = launch(Dispatchers.Default) {
                run.eventFlow()
                    .onCompletion { jobEnd.set(it) }
                    .collect { if (it is StepCompleted) firstStep.complete(Unit) }
            }
            // A collection cut short by take(3), through a spy on the run's publisher.
            val subscriptionCancelled = CompletableFuture<Unit>()
            val takeEnd = AtomicReference<Throwable?>()
            val taken = eventFlowOf { CancelSpy(run.publisher(), subscriptionCancelled) }
                .onCompletion { takeEnd.set(it) }
                .filterIsInstance<StepCompleted>()
                .take(3)
                .toList()

            firstStep.await()
            job.cancelAndJoin()
            assertThat(jobEnd.get()).isInstanceOf(CancellationException::class.java)
            assertThat(taken.map { it.step() }).isEqualTo((taken[0].step()..taken[0].step() + 2).toList())
            assertThat(takeEnd.get()).isInstanceOf(CancellationException::class.java)
            assertThat(subscriptionCancelled).succeedsWithin(10, TimeUnit.SECONDS)

            val result = run.awaitResult()
            assertThat(result.epochs()).isEqualTo(3)
            val all = everything.await()
            assertThat(all.filterIsInstance<StepCompleted>().last().step()).isEqualTo(result.steps())
            assertThat(all.filterIsInstance<Finished>().single().stoppedBeforeTheEnd()).isFalse()
            assertThat(all).noneMatch { it is TrainingEvent.Failed }
        } finally {
            run.closeAndAwait()
        }
    }
}
