package dev.axiom.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.axiom.run.TrainingJob;
import dev.axiom.run.config.SettingsLoader;
import dev.axiom.runtime.RuntimeFixture.Events;
import dev.axiom.runtime.events.TrainingEvent;
import dev.axiom.tensor.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedded run honours {@code axiom.runtime.driver}: with {@code plain} the training loop runs
 * without actors, streams its steps and its end as the runtime's events, trains to the same test
 * metrics as one runtime worker (the two are bit-for-bit alike on the CPU), stops on request, and
 * refuses to pause naming the driver that can.
 */
class EmbeddedRunTest {

    @TempDir
    Path tmp;

    @Test
    void thePlainLoopStreamsItsStepsAndEndsAsOneRuntimeWorkerDoes() throws Exception {
        Path table = table(tmp.resolve("table.csv"));
        Events runtimeEvents = new Events();
        TrainingJob.Result actors;
        try (EmbeddedRun run = EmbeddedRun.start(SettingsLoader.load(null, settings(table, "actors", 3)), tmp.resolve("actors"), null)) {
            run.events().runForeach(runtimeEvents::add, run.system());
            actors = run.result().toCompletableFuture().get(2, TimeUnit.MINUTES);
        }

        Events events = new Events();
        TrainingJob.Result plain;
        try (EmbeddedRun run = EmbeddedRun.start(SettingsLoader.load(null, settings(table, "plain", 3)), tmp.resolve("plain"), null)) {
            run.events().runForeach(events::add, run.system());
            plain = run.result().toCompletableFuture().get(2, TimeUnit.MINUTES);
        }

        assertThat(plain.steps()).isEqualTo(actors.steps()).isPositive();
        assertThat(plain.test()).isEqualTo(actors.test());
        // Events are live: those before the subscription are missed, the rest arrive in order.
        List<Long> steps = events.of(TrainingEvent.StepCompleted.class).stream().map(TrainingEvent.StepCompleted::step).toList();
        assertThat(steps).isNotEmpty().containsExactlyElementsOf(
                LongStream.rangeClosed(steps.get(0), plain.steps()).boxed().toList());
        assertThat(events.of(TrainingEvent.Evaluated.class)).extracting(TrainingEvent.Evaluated::split).endsWith("test");
        assertThat(events.of(TrainingEvent.CheckpointSaved.class)).isNotEmpty();
        assertThat(runtimeEvents.of(TrainingEvent.EpochCompleted.class)).as("the runtime's trainer tells epochs").isNotEmpty();
        assertThat(events.of(TrainingEvent.EpochCompleted.class)).as("no trainer actor: no epoch events").isEmpty();
        assertThat(events.get(events.size() - 1)).isEqualTo(new TrainingEvent.Finished(plain.steps(), 3, false, plain.steps(), plain.steps()));
    }

    @Test
    void aPlainRunStopsOnRequestButCannotPause() throws Exception {
        Path table = table(tmp.resolve("table.csv"));
        try (EmbeddedRun run = EmbeddedRun.start(SettingsLoader.load(null, settings(table, "plain", 100_000)), tmp.resolve("run"), null)) {
            assertThatThrownBy(run::pause).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("cannot pause a run of the plain loop (axiom.runtime.driver = plain); the actor runtime "
                            + "(axiom.runtime.driver = actors) can");
            assertThatThrownBy(run::resume).isInstanceOf(UnsupportedOperationException.class);
            run.stop();
            TrainingJob.Result result = run.result().toCompletableFuture().get(2, TimeUnit.MINUTES);
            assertThat(result.epochs()).isLessThan(100_000);
            assertThat(result.runDirectory().resolve("checkpoints")).isDirectory();
        }
    }

    private static List<String> settings(Path table, String driver, int epochs) {
        return new ArrayList<>(List.of(
                "axiom.data.format=csv",
                "axiom.data.csv.path=\"" + table + "\"",
                "axiom.data.csv.label-kind=class",
                "axiom.model.architecture=mlp",
                "axiom.model.hidden=[16]",
                "axiom.train.epochs=" + epochs,
                "axiom.train.batch-size=20",
                "axiom.train.threads=1",
                "axiom.prior.kind=gini",
                "axiom.prior.weight=0.01",
                "axiom.runtime.driver=" + driver));
    }

    /** 300 rows: six standard-normal features, a class from the first two. */
    private static Path table(Path file) throws IOException {
        Rng rng = new Rng(5);
        StringBuilder b = new StringBuilder("f0,f1,f2,f3,f4,f5,label\n");
        for (int i = 0; i < 300; i++) {
            double[] x = new double[6];
            for (int j = 0; j < 6; j++) {
                x[j] = rng.nextGaussian();
                b.append(String.format(Locale.ROOT, "%.4f,", x[j]));
            }
            b.append(x[0] + x[1] > 0 ? 1 : 0).append('\n');
        }
        return Files.writeString(file, b);
    }
}
