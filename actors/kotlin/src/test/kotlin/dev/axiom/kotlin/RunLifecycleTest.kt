package dev.axiom.kotlin

import dev.axiom.runtime.events.TrainingEvent.EpochCompleted
import java.nio.file.Path
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.flow.filterIsInstance
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir

/** Starting, awaiting, stopping and closing a run from coroutines. */
@Timeout(60)
class RunLifecycleTest {

    @TempDir
    lateinit var dir: Path

    @Test
    fun `awaiting does not block the caller's thread, and stopAndAwait ends a run early`() = runBlocking<Unit> {
        // runBlocking runs every coroutine below on this one thread.
        val run = startRun(TinyRuns.spec(TinyRuns.table(dir), epochs = 200), dir.resolve("run"))
        try {
            val waiting = async { run.awaitResult() }
            // Events can be collected here only if the waiting coroutine left the thread free.
            val firstEpoch = run.eventFlow().filterIsInstance<EpochCompleted>().first()
            assertThat(waiting.isActive).isTrue()

            val result = run.stopAndAwait()
            assertThat(result.epochs()).isLessThan(200)
            assertThat(result.steps()).isGreaterThanOrEqualTo(firstEpoch.step())
            assertThat(waiting.await().steps()).isEqualTo(result.steps())
        } finally {
            run.closeAndAwait()
        }
        assertThat(run.system().getWhenTerminated().toCompletableFuture()).isDone()
    }

    @Test
    fun `cancelling a coroutine that awaits the result leaves the run and its result alone`() = runBlocking<Unit> {
        val run = startRun(TinyRuns.spec(TinyRuns.table(dir), epochs = 2), dir.resolve("run"))
        try {
            val waiter = launch(start = CoroutineStart.UNDISPATCHED) { run.awaitResult() }
            waiter.cancelAndJoin()
            assertThat(run.result().toCompletableFuture()).isNotCancelled()

            assertThat(run.awaitResult().epochs()).isEqualTo(2)
            assertThat(run.result().toCompletableFuture()).isCompleted()
        } finally {
            run.closeAndAwait()
        }
    }
}
