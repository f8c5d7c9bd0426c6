package dev.axiom.experiment.robust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scale parameters change exactly the setting they name; the full scale is the paper code's evaluation. */
class RobustScaleTest {

    @Test
    void eachParameterChangesItsOwnSetting() {
        RobustScale full = RobustScale.full();
        assertThat(full.paperAttack()).isTrue();
        assertThat(full.with(Map.of("epochs", "3"))).isEqualTo(new RobustScale("full", true, 0.05, 3, 1e-4, 4, 0.05, 8, 4,
                1000, 20, 500, 100, 3, 100, 100, 10, 1, 4));
        RobustScale changed = full.with(Map.of("attack-images", "40", "attack-steps", "10", "attack-restarts", "1",
                "eval-attack-ig-steps", "10", "pgd-images", "50", "train-steps", "2", "ig-steps", "3", "attack-ig-steps", "2"));
        assertThat(changed.attackImages()).isEqualTo(40);
        assertThat(changed.attackSteps()).isEqualTo(10);
        assertThat(changed.attackRestarts()).isEqualTo(1);
        assertThat(changed.evalAttackIgSteps()).isEqualTo(10);
        assertThat(changed.pgdImages()).isEqualTo(50);
        assertThat(changed.trainSteps()).isEqualTo(2);
        assertThat(changed.igSteps()).isEqualTo(3);
        assertThat(changed.attackIgSteps()).isEqualTo(2);
        assertThat(changed.epochs()).isEqualTo(full.epochs());
        assertThat(changed.paperAttack()).isFalse();
        assertThat(full.with(Map.of("full-data", "false")).fullData()).isFalse();
        assertThat(full.with(Map.of("seeds", "3")).seeds()).isEqualTo(3);
    }

    @Test
    void unknownOrBadParametersAreErrorsNamingThem() {
        assertThatThrownBy(() -> RobustScale.full().with(Map.of("eval-images", "5")))
                .hasMessageContaining("no parameter 'eval-images'").hasMessageContaining("attack-images");
        assertThatThrownBy(() -> RobustScale.full().with(Map.of("attack-steps", "many"))).hasMessageContaining("is not a number");
        assertThatThrownBy(() -> RobustScale.full().with(Map.of("attack-steps", "0"))).hasMessageContaining("out of range");
    }
}
