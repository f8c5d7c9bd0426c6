package dev.axiom.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Which checkpoint {@code --resume} continues from: the newest intact one, skipping a corrupt newer
 * one and saying why; or the one {@code --checkpoint} names, setting the newer ones aside. Either
 * way the run ends with the uninterrupted run's bytes, and nothing already saved is deleted.
 */
class CheckpointChoiceTest {

    @TempDir
    Path tmp;

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void listen() {
        logged.start();
        root().addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        root().detachAppender(logged);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** One epoch of 68 steps, checkpoints at 50, 60 and 68 kept. */
    private Path trainedRun() throws IOException {
        Path run = tmp.resolve("run");
        Path preset = Path.of("../../conf/tabular-sparsity.conf").toAbsolutePath().normalize();
        assertThat(Axiom.execute("train", "--config", preset.toString(), "--out", run.toString(), "--no-report",
                "--set", "axiom.model.hidden=[32,16]", "--set", "axiom.train.epochs=1", "--set", "axiom.train.threads=1",
                "--set", "axiom.train.checkpoint-every-steps=10", "--set", "axiom.attribution.references=2",
                "--set", "axiom.runtime.driver=plain")).isZero();
        assertThat(names(run.resolve("checkpoints"))).containsExactly("step-000000050", "step-000000060", "step-000000068");
        return run;
    }

    @Test
    void aCorruptNewestCheckpointIsSkippedSayingWhyAndTheResumedRunEndsTheSame() throws IOException {
        Path run = trainedRun();
        Path newest = run.resolve("checkpoints/step-000000068");
        byte[] expected = Files.readAllBytes(newest.resolve("network.bin"));
        byte[] flipped = expected.clone();
        flipped[flipped.length / 2] ^= 0x10;
        Files.write(newest.resolve("network.bin"), flipped);

        Outcome evaluated = Outcome.of("evaluate", "--run", run.toString());
        assertThat(evaluated.code()).as(evaluated.err()).isZero();
        assertThat(messages()).anyMatch(m -> m.startsWith("skipping checkpoint step-000000068: ")
                && m.contains("network.bin: corrupt (checksum mismatch)"));

        assertThat(Axiom.execute("train", "--resume", run.toString(), "--no-report")).isZero();

        assertThat(messages()).anyMatch(m -> m.startsWith("set aside step-000000068 (newer than the checkpoint resumed from)"));
        assertThat(Files.readAllBytes(run.resolve("checkpoints/set-aside/step-000000068/network.bin")))
                .as("the corrupt checkpoint is kept aside, not deleted").isEqualTo(flipped);
        assertThat(Files.readAllBytes(newest.resolve("network.bin"))).as("step 68 computed again").isEqualTo(expected);
    }

    @Test
    void checkpointChoosesWhereToContinueAndSetsTheNewerOnesAside() throws IOException {
        Path run = trainedRun();
        byte[] expected = Files.readAllBytes(run.resolve("checkpoints/step-000000068/optimizer.bin"));

        assertThat(Axiom.execute("train", "--resume", run.toString(), "--checkpoint", "step-50", "--no-report")).isZero();

        assertThat(messages()).anyMatch(m -> m.startsWith("set aside step-000000060 (newer than the checkpoint resumed from)"));
        assertThat(names(run.resolve("checkpoints/set-aside"))).containsExactly("step-000000060", "step-000000068");
        assertThat(Files.readAllBytes(run.resolve("checkpoints/step-000000068/optimizer.bin"))).isEqualTo(expected);
    }

    @Test
    void aCheckpointThatIsNotThereOrNoIntactOneIsOneLineNamingThem() throws IOException {
        Path run = trainedRun();

        Outcome missing = Outcome.of("train", "--resume", run.toString(), "--checkpoint", "step-7");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).startsWith("axiom: error: --checkpoint step-7: ")
                .contains("has no checkpoint at step 7 (it has step-000000050, step-000000060, step-000000068)");
        assertThat(missing.err().lines()).hasSize(1);

        for (String step : List.of("50", "60", "68")) {
            Path file = run.resolve("checkpoints/step-0000000" + step + "/optimizer.bin");
            Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 100));
        }
        Outcome none = Outcome.of("train", "--resume", run.toString());
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).startsWith("axiom: error: ").contains("no intact checkpoint")
                .contains("step-000000050: ").contains("step-000000068: ");
        assertThat(none.err().lines()).hasSize(1);
        assertThat(names(run.resolve("checkpoints"))).as("nothing deleted or moved")
                .containsExactly("step-000000050", "step-000000060", "step-000000068");
    }

    private List<String> messages() {
        return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("step-")).sorted().toList();
        }
    }
}
