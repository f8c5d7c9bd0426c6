package dev.axiom.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.axiom.run.config.SettingsLoader;
import dev.axiom.runtime.RuntimeFixture.Events;
import dev.axiom.runtime.events.TrainingEvent;
import dev.axiom.tensor.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedded run on an unbounded source: it trains on each shard that appears in a watched
 * directory (one epoch per shard, with evaluation and checkpoint), keeps waiting for more, stops
 * on request, and a resumed run goes on with the shards it has not trained on.
 */
class WatchedDirectoryTest {

    @TempDir
    Path tmp;

    @Test
    void trainsOnEachNewShardAndResumesAfterAStop() throws Exception {
        Path table = write(tmp.resolve("table.csv"), 300, 1);
        Path shards = Files.createDirectory(tmp.resolve("incoming"));
        Path runDir = tmp.resolve("run");
        List<String> settings = List.of(
                "axiom.data.format=csv",
                "axiom.data.csv.path=\"" + table + "\"",
                "axiom.data.csv.label-kind=class",
                "axiom.model.architecture=mlp",
                "axiom.model.hidden=[16]",
                "axiom.train.batch-size=20",
                "axiom.train.threads=1",
                "axiom.prior.kind=none",
                "axiom.runtime.watch-directory=\"" + shards + "\"",
                "axiom.runtime.watch-poll-seconds=0.1");

        Events events = new Events();
        try (EmbeddedRun run = EmbeddedRun.start(SettingsLoader.load(null, settings), runDir, null)) {
            run.events().runForeach(events::add, run.system());
            write(shards.resolve("shard-001.csv"), 100, 2);
            await(events, e -> e instanceof TrainingEvent.EpochCompleted c && c.epoch() == 0);
            write(shards.resolve("shard-002.csv"), 60, 3);
            await(events, e -> e instanceof TrainingEvent.EpochCompleted c && c.epoch() == 1);
            Thread.sleep(500); // nothing new to train on: the run waits
            assertThat(events.of(TrainingEvent.StepCompleted.class)).hasSize(5 + 3);
            assertThat(events.of(TrainingEvent.Evaluated.class)).extracting(TrainingEvent.Evaluated::split)
                    .containsExactly("validation", "validation");
            run.stop();
            assertThat(run.result().toCompletableFuture().get(1, TimeUnit.MINUTES).steps()).isEqualTo(8);
        }

        Events resumed = new Events();
        try (EmbeddedRun run = EmbeddedRun.resume(runDir, null)) {
            run.events().runForeach(resumed::add, run.system());
            write(shards.resolve("shard-003.csv"), 40, 4);
            await(resumed, e -> e instanceof TrainingEvent.EpochCompleted c && c.epoch() == 2);
            assertThat(resumed.of(TrainingEvent.StepCompleted.class)).extracting(TrainingEvent.StepCompleted::step)
                    .containsExactly(9L, 10L);
            run.stop();
            assertThat(run.result().toCompletableFuture().get(1, TimeUnit.MINUTES).steps()).isEqualTo(10);
        }
    }

    private static void await(Events events, Predicate<TrainingEvent> what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (events.stream().noneMatch(what)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not seen within 60 s; events: " + events);
            }
            Thread.sleep(20);
        }
    }

    /** A table of {@code n} rows: six standard-normal features and a class from the first two. */
    private static Path write(Path file, int n, long seed) throws IOException {
        Rng rng = new Rng(seed);
        StringBuilder b = new StringBuilder("f0,f1,f2,f3,f4,f5,label\n");
        for (int i = 0; i < n; i++) {
            double[] x = new double[6];
            for (int j = 0; j < 6; j++) {
                x[j] = rng.nextGaussian();
                b.append(String.format("%.4f,", x[j]));
            }
            b.append(x[0] + x[1] > 0 ? 1 : 0).append('\n');
        }
        Path partial = file.resolveSibling("." + file.getFileName());
        Files.writeString(partial, b);
        return Files.move(partial, file);
    }
}
