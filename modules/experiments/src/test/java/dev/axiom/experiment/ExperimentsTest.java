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
}
