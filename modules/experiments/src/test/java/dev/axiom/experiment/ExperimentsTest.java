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
}
