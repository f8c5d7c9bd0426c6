package dev.axiom.dashboard.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.axiom.dashboard.RunJournal;
import dev.axiom.runtime.events.TrainingEvent;
import dev.axiom.train.StepLosses;
import dev.axiom.train.StepReport;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The run's meters under their Prometheus names, with the run id, from the job's reports and the runtime's events. */
class RunMetricsTest {

    private static StepReport step(long step, double loss) {
        return new StepReport(0, step, (int) step, 0.01, new StepLosses(loss, loss - 0.5, 0.5, Map.of("gini", 0.5), 32), 0.2);
    }

    @Test
    void stepsLossesEvaluationsCheckpointsAndWorkerEventsAreExported() {
        try (RunMetrics m = new RunMetrics("run-1", null, "gini", 2, () -> 3)) {
            m.stepped(step(1, 2.0));
            m.stepped(step(2, 1.5));
            m.evaluated(2, 0, "validation", Map.of("auc", 0.75));
            m.checkpointed(2, Path.of("step-2"), 0.125);
            m.accept(new TrainingEvent.WorkerFailed(2, 1, "boom"));
            m.accept(new TrainingEvent.WorkerLost(2, 1, "node-b", true));
            String text = m.scrape();
            assertThat(text).contains(
                    "axiom_steps_total{run_id=\"run-1\"} 2.0",
                    "axiom_samples_total{run_id=\"run-1\"} 64.0",
                    "axiom_loss{run_id=\"run-1\"} 1.5",
                    "axiom_task_loss{run_id=\"run-1\"} 1.0",
                    "axiom_penalty{run_id=\"run-1\",term=\"gini\"} 0.5",
                    "axiom_learning_rate{run_id=\"run-1\"} 0.01",
                    "axiom_samples_per_second{run_id=\"run-1\"} 160.0",
                    "axiom_step_seconds_count{run_id=\"run-1\"} 2",
                    "axiom_evaluation{metric=\"auc\",run_id=\"run-1\",split=\"validation\"} 0.75",
                    "axiom_checkpoints_total{run_id=\"run-1\"} 1.0",
                    "axiom_checkpoint_write_seconds_sum{run_id=\"run-1\"} 0.125",
                    "axiom_worker_failures_total{run_id=\"run-1\"} 1.0",
                    "axiom_workers_lost_total{run_id=\"run-1\"} 1.0",
                    "axiom_workers{run_id=\"run-1\"} 1.0",
                    "axiom_cluster_members{run_id=\"run-1\"} 3.0",
                    "jvm_memory_used_bytes{");
            assertThat(text).containsPattern("axiom_resident_memory_bytes\\{run_id=\"run-1\"} [1-9]");
        }
    }

    @Test
    void workersJoiningARunningClusterAreCountedAndComputeShards() {
        try (RunMetrics m = new RunMetrics("run-1", null, "gini", 3, () -> 3)) {
            m.accept(new TrainingEvent.WorkerLost(5, 1, "node-b", true));
            m.accept(new TrainingEvent.WorkerJoined(9, 3, "node-c"));
            m.accept(new TrainingEvent.WorkerJoined(12, 4, "node-d"));
            assertThat(m.scrape()).contains(
                    "axiom_workers_lost_total{run_id=\"run-1\"} 1.0",
                    "axiom_workers_joined_total{run_id=\"run-1\"} 2.0",
                    "axiom_workers{run_id=\"run-1\"} 4.0");
        }
    }

    @Test
    void aResumedRunCountsItsStepsFromTheCheckpoint() {
        try (RunMetrics m = new RunMetrics("r", null, "gini", 1, null)) {
            m.stepped(step(501, 1.0));
            m.stepped(step(502, 1.0));
            assertThat(m.scrape()).contains("axiom_steps_total{run_id=\"r\"} 502.0").doesNotContain("axiom_cluster_members");
        }
    }

    @Test
    void theExplanationGaugesReadTheNewestSnapshotOfTheJournal() {
        RunJournal journal = new RunJournal();
        try (RunMetrics m = new RunMetrics("r", journal, "gini", 1, null)) {
            assertThat(m.scrape()).contains("axiom_explanation_prior_value{prior=\"gini\",run_id=\"r\"} NaN");
            journal.offerSuperseding("snapshot", 10, Map.of("explanation_value", 0.25));
            assertThat(m.scrape()).contains("axiom_explanation_prior_value{prior=\"gini\",run_id=\"r\"} 0.25",
                    "axiom_explanation_rank_agreement{run_id=\"r\"} NaN", "axiom_explanation_snapshot_step{run_id=\"r\"} 10.0");
            journal.offerSuperseding("snapshot", 20, Map.of("explanation_value", 0.5, "rank_agreement", 0.9));
            assertThat(m.scrape()).contains("axiom_explanation_prior_value{prior=\"gini\",run_id=\"r\"} 0.5",
                    "axiom_explanation_rank_agreement{run_id=\"r\"} 0.9", "axiom_explanation_snapshot_step{run_id=\"r\"} 20.0");
        }
    }
}
