package dev.axiom.kotlin

import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.test.runTest
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test

/** The adaptation itself, on a hand-made publisher: when the flow subscribes and when it lets go. */
class EventFlowOfTest {

    @Test
    fun `the flow subscribes each time it is collected, not when it is made`() = runTest {
        val publisher = CountingPublisher(5)
        val flow = eventFlowOf { publisher }
        assertThat(publisher.subscriptions.get()).isZero()

        assertThat(flow.toList()).containsExactly(1, 2, 3, 4, 5)
        assertThat(flow.toList()).containsExactly(1, 2, 3, 4, 5)
        assertThat(publisher.subscriptions.get()).isEqualTo(2)
    }

    @Test
    fun `a collection that stops early cancels its subscription`() = runTest {
        val publisher = CountingPublisher(1_000_000)

        assertThat(eventFlowOf { publisher }.take(3).toList()).containsExactly(1, 2, 3)
        assertThat(publisher.cancelled).isDone()
        assertThat(publisher.emitted.get()).isLessThan(1_000)
    }
}
