package dev.axiom.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.Shape;
import dev.axiom.data.Dataset;
import dev.axiom.runtime.references.ReferenceSampler;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The reference sampler's reservoir and draws. */
class ReferenceSamplerTest {

    private static final ActorTestKit KIT = ActorTestKit.create();

    @AfterAll
    static void stop() {
        KIT.shutdownTestKit();
    }

    @Test
    void drawsAreRowsOfTheOfferedDataAndRepeatForTheSameSeed() {
        ActorRef<ReferenceSampler.Command> sampler = KIT.spawn(ReferenceSampler.create(1000, 1));
        sampler.tell(new ReferenceSampler.Offer(rows(0, 50)));
        TestProbe<ReferenceSampler.Drawn> probe = KIT.createTestProbe();
        sampler.tell(new ReferenceSampler.Draw(1, 0, 200, 7, probe.getRef()));
        float[] first = probe.receiveMessage().rows();
        sampler.tell(new ReferenceSampler.Draw(1, 0, 200, 7, probe.getRef()));
        assertThat(probe.receiveMessage().rows()).containsExactly(first);
        for (int r = 0; r < 200; r++) {
            float id = first[r * 2];
            assertThat(id).isBetween(0f, 49f);
            assertThat(first[r * 2 + 1]).isEqualTo(-id); // a whole row, not a mix of rows
        }
    }

    @Test
    void aFullReservoirHoldsAUniformSampleOfEverythingOffered() {
        int[] counts = new int[10];
        for (int trial = 0; trial < 200; trial++) {
            ActorRef<ReferenceSampler.Command> sampler = KIT.spawn(ReferenceSampler.create(10, trial));
            for (int block = 0; block < 10; block++) {
                sampler.tell(new ReferenceSampler.Offer(rows(block * 10, 10)));
            }
            TestProbe<ReferenceSampler.Drawn> probe = KIT.createTestProbe();
            sampler.tell(new ReferenceSampler.Draw(0, 0, 1, trial, probe.getRef()));
            float[] row = probe.receiveMessage(Duration.ofSeconds(5)).rows();
            counts[(int) row[0] / 10]++;
            KIT.stop(sampler);
        }
        // rows of every block of 10 (first offered to last) are drawn about equally often (20 each)
        for (int c : counts) {
            assertThat(c).isBetween(6, 40);
        }
    }

    @Test
    void anEmptyReservoirSaysSo() {
        ActorRef<ReferenceSampler.Command> sampler = KIT.spawn(ReferenceSampler.create(10, 1));
        TestProbe<ReferenceSampler.Drawn> probe = KIT.createTestProbe();
        sampler.tell(new ReferenceSampler.Draw(0, 0, 3, 1, probe.getRef()));
        assertThat(probe.receiveMessage().rows()).isNull();
    }

    /** Rows {@code (i, −i)} for {@code i} in {@code [from, from + n)}. */
    private static Dataset rows(int from, int n) {
        float[] x = new float[n * 2];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = from + i;
            x[2 * i + 1] = -(from + i);
        }
        return new Dataset(x, new Shape(2), y, Dataset.LabelKind.CLASS_INDEX, 1, Dataset.defaultNames(new Shape(2)));
    }
}
