package dev.axiom.runtime.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.axiom.runtime.trainer.WorkerPool.Readiness;
import org.junit.jupiter.api.Test;

/** The trainer's workers by slot: start, joins, restarts and losses, with and without elastic membership. */
class WorkerPoolTest {

    @Test
    void trainingStartsWhenTheLocalAndTheExpectedRemoteWorkersAreReady() {
        WorkerPool<String> pool = new WorkerPool<>(2, 1, false);
        assertThat(pool.localSlots()).containsExactly(0, 1);
        assertThat(pool.bind(0, "w0")).isZero();
        assertThat(pool.bind(1, "w1")).isZero();
        assertThat(pool.ready(1, "w1")).isEqualTo(Readiness.WAITING);
        assertThat(pool.ready(0, "w0")).isEqualTo(Readiness.WAITING);
        assertThat(pool.started()).isFalse();
        assertThat(pool.admitRemote("r", "node-a")).contains(2);
        pool.bind(2, "proxy-2");
        assertThat(pool.live()).containsExactly(0, 1);
        assertThat(pool.ready(2, "proxy-2")).isEqualTo(Readiness.COMPLETE);
        assertThat(pool.started()).isTrue();
        assertThat(pool.live()).containsExactly(0, 1, 2);
        assertThat(pool.node(2)).isEqualTo("node-a");
        assertThat(pool.isLocal(2)).isFalse();
        assertThat(pool.isLocal(0)).isTrue();
    }

    @Test
    void withoutElasticNoRemoteWorkerBeyondTheExpectedIsAdmittedEvenAfterALoss() {
        WorkerPool<String> pool = new WorkerPool<>(1, 1, false);
        assertThat(pool.admitRemote("r1", "node-a")).contains(1);
        assertThat(pool.admitRemote("r1", "node-a")).as("the same worker listed again").isEmpty();
        assertThat(pool.admitRemote("r2", "node-b")).isEmpty();
        pool.remove(1);
        assertThat(pool.admitRemote("r2", "node-b")).isEmpty();
    }

    @Test
    void withElasticAWorkerReadyAfterTheStartHasJoinedAndSlotsAreNeverReused() {
        WorkerPool<String> pool = new WorkerPool<>(1, 1, true);
        pool.bind(0, "w0");
        pool.ready(0, "w0");
        int first = pool.admitRemote("r1", "node-a").orElseThrow();
        pool.bind(first, "p1");
        assertThat(pool.ready(first, "p1")).isEqualTo(Readiness.COMPLETE);

        assertThat(pool.remove(first)).isEqualTo("node-a");
        assertThat(pool.contains(first)).isFalse();
        assertThat(pool.live()).containsExactly(0);
        assertThat(pool.admitRemote("r1", "node-a")).as("a lost worker still listed is not taken back").isEmpty();

        int second = pool.admitRemote("r2", "node-b").orElseThrow();
        int third = pool.admitRemote("r3", "node-c").orElseThrow();
        assertThat(second).isEqualTo(2);
        assertThat(third).isEqualTo(3);
        pool.bind(third, "p3");
        assertThat(pool.ready(third, "p3")).isEqualTo(Readiness.JOINED);
        assertThat(pool.live()).as("a worker admitted but not ready yet gets no work").containsExactly(0, 3);
        pool.bind(second, "p2");
        assertThat(pool.ready(second, "p2")).isEqualTo(Readiness.JOINED);
        assertThat(pool.live()).containsExactly(0, 2, 3);
    }

    @Test
    void aWorkerAnnouncingItselfAgainWasRestartedUnderANewIncarnation() {
        WorkerPool<String> pool = new WorkerPool<>(1, 0, false);
        assertThat(pool.nextIncarnation(0)).isZero();
        pool.bind(0, "w0-0");
        assertThat(pool.ready(0, "w0-0")).isEqualTo(Readiness.COMPLETE);
        assertThat(pool.nextIncarnation(0)).isEqualTo(1);
        assertThat(pool.bind(0, "w0-1")).isEqualTo(1);
        assertThat(pool.ref(0)).isEqualTo("w0-1");
        assertThat(pool.ready(0, "w0-1")).isEqualTo(Readiness.RESTARTED);
        assertThat(pool.ready(0, "w0-1")).isEqualTo(Readiness.RESTARTED);
        assertThat(pool.restarts(0)).isEqualTo(2);
        assertThat(pool.live()).containsExactly(0);
    }

    @Test
    void aLostWorkerThatWasNotReadyLeavesTheStartWaitingForAnother() {
        WorkerPool<String> pool = new WorkerPool<>(1, 1, true);
        pool.bind(0, "w0");
        pool.ready(0, "w0");
        int gone = pool.admitRemote("r1", "node-a").orElseThrow();
        pool.remove(gone);
        int next = pool.admitRemote("r2", "node-b").orElseThrow();
        pool.bind(next, "p2");
        assertThat(pool.ready(next, "p2")).isEqualTo(Readiness.COMPLETE);
    }

    @Test
    void unknownSlotsAndUnboundWorkersAreNamedInTheError() {
        WorkerPool<String> pool = new WorkerPool<>(1, 0, false);
        assertThatThrownBy(() -> pool.ref(0)).hasMessageContaining("worker 0 has no actor bound yet");
        assertThatThrownBy(() -> pool.node(7)).hasMessageContaining("no worker 7 in the pool (slots: [0])");
        assertThatThrownBy(() -> new WorkerPool<String>(0, 1, false)).hasMessageContaining("at least one local worker");
    }
}
