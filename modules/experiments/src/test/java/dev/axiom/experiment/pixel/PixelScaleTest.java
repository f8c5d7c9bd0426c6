package dev.axiom.experiment.pixel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scale parameters from the command line change only what they name and reject the rest. */
class PixelScaleTest {

    @Test
    void parametersChangeWhatTheyName() {
        PixelScale s = PixelScale.full().with(Map.of("epochs", "1", "lambdas", "0.001, 0.1", "seeds", "1"));
        assertThat(s.epochs()).isEqualTo(1);
        assertThat(s.lambdas()).isEqualTo(List.of(0.001, 0.1));
        assertThat(s.seeds()).isEqualTo(1);
        assertThat(s.fullData()).isTrue();
        assertThat(s.references()).isEqualTo(PixelScale.full().references());
    }

    @Test
    void unknownOrBadParametersAreNamed() {
        assertThatThrownBy(() -> PixelScale.quick().with(Map.of("epoch", "2")))
                .hasMessageContaining("'epoch'").hasMessageContaining("epochs, lambdas");
        assertThatThrownBy(() -> PixelScale.quick().with(Map.of("epochs", "two"))).hasMessageContaining("epochs=two");
        assertThatThrownBy(() -> PixelScale.quick().with(Map.of("epochs", "0"))).hasMessageContaining("out of range");
    }
}
