package dev.axiom.kotlin

import dev.axiom.runtime.EmbeddedRun
import dev.axiom.runtime.events.TrainingEvent
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.reactive.asFlow
import org.reactivestreams.Publisher

/**
 * The run's events as a cold [Flow]: each collection subscribes anew to the run's event stream
 * ([EmbeddedRun.publisher]), sees the events from then on in the order they happened, and
 * completes when the run has ended. Demand travels back through Reactive Streams `request(n)`;
 * cancelling the collection (an exception, [kotlinx.coroutines.flow.take], a cancelled job)
 * cancels the subscription, and the run trains on.
 *
 * ```
 * run.eventFlow()
 *     .filterIsInstance<TrainingEvent.EpochCompleted>()
 *     .collect { println("epoch ${it.epoch() + 1} done at step ${it.step()}") }
 * ```
 */
fun EmbeddedRun.eventFlow(): Flow<TrainingEvent> = eventFlowOf(this::publisher)

/** A cold flow over the publisher [subscribe] gives at each collection. */
internal fun <T : Any> eventFlowOf(subscribe: () -> Publisher<T>): Flow<T> = flow { emitAll(subscribe().asFlow()) }
