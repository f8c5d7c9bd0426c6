package dev.axiom.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.axiom.run.Progress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry names every experiment and rejects what it does not know, naming what it does. */
class ExperimentsTest {

    @TempDir
    Path tmp;

    @Test
    void everyExperimentOfTheIssueIsRegistered() {
        assertThat(Experiments.names()).containsExactlyInAnyOrder("benchmark", "pixel", "sparsity", "graph", "robust");
        assertThatThrownBy(() -> Experiments.named("pixels")).hasMessageContaining("'pixels'").hasMessageContaining("pixel, ");
    }

    @Test
    void anUnknownScaleParameterIsRejectedBeforeAnythingRuns() {
        ExperimentOptions options = new ExperimentOptions(tmp, true, 0, Map.of(), Map.of("epochs", "2"));
        assertThatThrownBy(() -> Experiments.run(Experiments.named("sparsity"), options, List.of("test"), Progress.silent()))
                .hasMessageContaining("sparsity experiment has no parameter 'epochs'");
        assertThat(tmp.resolve("work.jsonl")).doesNotExist();
    }

    /** An experiment with one unit of work, to see what the runner does around it. */
    private static final class OneUnit implements Experiment {
        int computed;

        @Override
        public String name() {
            return "one-unit";
        }

        @Override
        public String title() {
            return "one unit of work";
        }

        @Override
        public List<String> parameters() {
            return List.of("size");
        }

        @Override
        public void run(ExperimentContext context) {
            context.work().get("unit", () -> {
                computed++;
                return Map.of("value", 1.0);
            });
        }
    }

    @Test
    void aFolderStartedAtOneScaleIsNotContinuedAtAnother() throws Exception {
        OneUnit experiment = new OneUnit();
        ExperimentOptions small = new ExperimentOptions(tmp, false, 0, Map.of(), Map.of("size", "2"));
        Experiments.run(experiment, small, List.of("test"), Progress.silent());
        Experiments.run(experiment, small, List.of("test"), Progress.silent());
        assertThat(experiment.computed).as("the same options continue the folder").isEqualTo(1);

        for (ExperimentOptions other : List.of(
                new ExperimentOptions(tmp, false, 0, Map.of(), Map.of("size", "3")),
                new ExperimentOptions(tmp, true, 0, Map.of(), Map.of("size", "2")),
                new ExperimentOptions(tmp, false, 5, Map.of(), Map.of("size", "2")))) {
            assertThatThrownBy(() -> Experiments.run(experiment, other, List.of("test"), Progress.silent()))
                    .hasMessageContaining("was started with").hasMessageContaining("another --out");
        }
        assertThat(experiment.computed).isEqualTo(1);
    }

    /**
     * With a time budget that is already used up no unit starts: the report says the run is not
     * finished, how far it got and the command that continues it; results.json says
     * {@code finished: false}; the same folder then continues and finishes.
     */
    @Test
    void aUsedUpTimeBudgetLeavesTheWorkToTheNextInvocation() throws Exception {
        OneUnit experiment = new OneUnit();
        ExperimentOptions budget = new ExperimentOptions(tmp, false, 0, Map.of(), Map.of(), java.util.Optional.of(java.time.Duration.ZERO));
        Results stopped = Experiments.run(experiment, budget, List.of("./axiom", "experiment", "one-unit", "--stop-after=0s"), Progress.silent());

        assertThat(experiment.computed).isZero();
        assertThat(stopped.infoValue("finished")).isEqualTo(false);
        String report = java.nio.file.Files.readString(tmp.resolve("report.md"));
        assertThat(report).contains("Not finished yet", "--stop-after 0s", "0 units of work are done",
                "`./axiom experiment one-unit --stop-after=2h`");
        assertThat(report).as("the command of the whole run, then this invocation's budget")
                .contains("Command: `./axiom experiment one-unit` (this invocation with `--stop-after=0s`)");
        assertThat(dev.axiom.run.Json.MAPPER.readTree(tmp.resolve("results.json").toFile()).get("finished").asBoolean()).isFalse();

        Results finished = Experiments.run(experiment, new ExperimentOptions(tmp, false, 0, Map.of(), Map.of()), List.of("test"), Progress.silent());
        assertThat(experiment.computed).isEqualTo(1);
        assertThat(finished.infoValue("finished")).isEqualTo(true);
    }

    /** A stop signal (a {@link StopRequest}) ends an invocation as a used-up budget does, and the report says so. */
    @Test
    void aStopRequestLeavesTheWorkToTheNextInvocationAndTheReportNamesIt() throws Exception {
        OneUnit experiment = new OneUnit();
        StopRequest stop = new StopRequest();
        stop.request("SIGTERM");
        Results stopped = Experiments.run(experiment, new ExperimentOptions(tmp, false, 0, Map.of(), Map.of()),
                List.of("./axiom", "experiment", "one-unit"), Progress.silent(), stop);

        assertThat(experiment.computed).isZero();
        assertThat(stopped.infoValue("finished")).isEqualTo(false);
        assertThat(java.nio.file.Files.readString(tmp.resolve("report.md")))
                .contains("Not finished yet", "This invocation stopped on SIGTERM.", "`./axiom experiment one-unit --stop-after=2h`");
    }

    @Test
    void durationsAreReadAsTheCommandLineWritesThem() {
        assertThat(Experiments.parseDuration("90m")).isEqualTo(java.time.Duration.ofMinutes(90));
        assertThat(Experiments.parseDuration("2h30m")).isEqualTo(java.time.Duration.ofMinutes(150));
        assertThat(Experiments.parseDuration("45s")).isEqualTo(java.time.Duration.ofSeconds(45));
        for (String bad : List.of("", "90", "2 hours", "m", "-5m")) {
            assertThatThrownBy(() -> Experiments.parseDuration(bad)).as(bad).hasMessageContaining("is not a duration");
        }
    }
}
