package dev.axiom.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.axiom.runtime.prior.PriorAggregator;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The prior aggregator's estimates of {@code φ̄}, by hand. */
class PriorAggregatorTest {

    private static final ActorTestKit KIT = ActorTestKit.create();

    @AfterAll
    static void stop() {
        KIT.shutdownTestKit();
    }

    @Test
    void shardsAreWeightedByTheirShareAndFoldedIntoTheMovingAverage() {
        ActorRef<PriorAggregator.Command> aggregator = KIT.spawn(PriorAggregator.create(0.75));
        TestProbe<PriorAggregator.Estimate> probe = KIT.createTestProbe();
        // step 1: shards (1, 2) with weight 0.25 and (3, 6) with weight 0.75 -> batch (2.5, 5); first average = batch
        aggregator.tell(new PriorAggregator.Observe(1, List.of(new float[] {1, 2}, new float[] {3, 6}), List.of(0.25, 0.75), probe.getRef()));
        PriorAggregator.Estimate first = probe.receiveMessage();
        assertClose(first.lastBatch(), 2.5, 5);
        assertClose(first.importance(), 2.5, 5);
        // step 2: batch (6.5, 1) -> 0.75 (2.5, 5) + 0.25 (6.5, 1) = (3.5, 4)
        aggregator.tell(new PriorAggregator.Observe(2, List.of(new float[] {6.5f, 1}), List.of(1.0), probe.getRef()));
        assertClose(probe.receiveMessage().importance(), 3.5, 4);
    }

    @Test
    void withoutDecayThereIsNoAverageOnlyTheBatch() {
        ActorRef<PriorAggregator.Command> aggregator = KIT.spawn(PriorAggregator.create(0));
        TestProbe<PriorAggregator.Estimate> probe = KIT.createTestProbe();
        aggregator.tell(new PriorAggregator.Observe(1, List.of(new float[] {1, 2}), List.of(1.0), probe.getRef()));
        PriorAggregator.Estimate e = probe.receiveMessage();
        assertThat(e.importance()).isNull();
        assertClose(e.lastBatch(), 1, 2);
    }

    private static void assertClose(float[] actual, double... expected) {
        assertThat(actual).as(Arrays.toString(actual)).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).isCloseTo(expected[i], within(1e-6));
        }
    }
}
