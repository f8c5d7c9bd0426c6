package dev.axiom.kotlin

import com.typesafe.config.Config
import dev.axiom.run.TrainingJob
import dev.axiom.runtime.EmbeddedRun
import java.nio.file.Path
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.future.await
import kotlinx.coroutines.withContext
import org.apache.pekko.actor.typed.ActorSystem

// Suspending versions of EmbeddedRun's start, wait and close. Whatever blocks (reading the data's
// first files, writing the run directory, joining the training thread, terminating an actor
// system) runs on Dispatchers.IO; waiting for the result suspends without holding a thread.

/**
 * Starts a new run of [spec] in [dir] (see [EmbeddedRun.start]): in [system], or in an actor
 * system of the run's own when null. If the caller is cancelled while the run starts, the run is
 * closed again.
 *
 * @throws dev.axiom.run.config.SettingsException if the settings are not valid
 */
suspend fun startRun(spec: RunSpec, dir: Path, system: ActorSystem<*>? = null): EmbeddedRun =
    startRun(spec.config, dir, system)

/** Starts a new run of [config] (as [dev.axiom.run.config.SettingsLoader.load] gives it) in [dir]. */
suspend fun startRun(config: Config, dir: Path, system: ActorSystem<*>? = null): EmbeddedRun =
    launched { EmbeddedRun.start(config, dir, system) }

/** Continues the run in [dir] from its newest checkpoint (see [EmbeddedRun.resume]). */
suspend fun resumeRun(dir: Path, system: ActorSystem<*>? = null): EmbeddedRun =
    launched { EmbeddedRun.resume(dir, system) }

/**
 * Waits for the run to end and returns its result, or throws what ended it (a
 * [dev.axiom.run.TrainingFailedException], say). Cancelling the caller stops the waiting, not the
 * run, and leaves [EmbeddedRun.result] as it was for everyone else.
 */
suspend fun EmbeddedRun.awaitResult(): TrainingJob.Result =
    // CompletionStage.await() cancels the future it waits on when the caller is cancelled: wait
    // on a dependent stage, never on the run's own.
    result().thenApply { it }.await()

/** Asks the run to stop after its current step (it writes a checkpoint and evaluates), and waits for its result. */
suspend fun EmbeddedRun.stopAndAwait(): TrainingJob.Result {
    stop()
    return awaitResult()
}

/**
 * [EmbeddedRun.close] without blocking the caller's thread: stops the run if it still trains,
 * waits for it, and terminates the actor system if it is the run's own. Runs to the end even if
 * the caller is cancelled.
 */
suspend fun EmbeddedRun.closeAndAwait() {
    withContext(NonCancellable + Dispatchers.IO) { close() }
}

private suspend fun launched(start: () -> EmbeddedRun): EmbeddedRun {
    var started: EmbeddedRun? = null
    try {
        return withContext(Dispatchers.IO) { start().also { started = it } }
    } catch (e: CancellationException) {
        started?.closeAndAwait()
        throw e
    }
}
