package dev.axiom.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.axiom.run.config.SettingsLoader;
import dev.axiom.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run gives the same parameters, bit for bit, whether or not the garbage collector runs
 * constantly beside it. This catches arrays whose memory Java owns being read by libtorch after
 * the collector freed it (DJL hands libtorch pointers into direct buffers; see
 * {@code dev.axiom.tensor.Tensors}): before that was fixed, these runs differed from step 10 on
 * and sometimes ended with a NaN loss.
 */
class ReproducibleUnderGarbageCollectionTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"eg,gini,shifted-batch", "ig,attribution-l1,shifted-batch", "eg,attribution-l2,training-set"})
    void parametersDoNotDependOnTheGarbageCollector(String variant) throws Exception {
        String[] v = variant.split(",");
        List<String> settings = List.of(
                "axiom.data.format=csv",
                "axiom.data.csv.path=\"classpath:datasets/nhanes1-cancer/nhanes1_cancer.csv\"",
                "axiom.data.csv.label-column=label",
                "axiom.data.csv.label-kind=binary",
                "axiom.model.architecture=mlp",
                "axiom.model.hidden=[32, 16]",
                "axiom.model.dropout=0.1",
                "axiom.train.epochs=1",
                "axiom.train.batch-size=200",
                "axiom.train.threads=1",
                "axiom.attribution.method=" + v[0],
                "axiom.attribution.references=2",
                "axiom.attribution.steps=4",
                "axiom.attribution.reference-source=" + v[2],
                "axiom.attribution.target=output-0",
                "axiom.prior.kind=" + v[1],
                "axiom.prior.weight=0.1");
        Map<String, float[]> quiet = train(settings, tmp.resolve("quiet"));
        Thread collector = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                System.gc();
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "gc-churn");
        collector.setDaemon(true);
        collector.start();
        try {
            Map<String, float[]> churned = train(settings, tmp.resolve("churned"));
            assertThat(churned.keySet()).isEqualTo(quiet.keySet());
            for (String k : quiet.keySet()) {
                assertThat(churned.get(k)).as("%s with the collector running", k).containsExactly(quiet.get(k));
            }
        } finally {
            collector.interrupt();
            collector.join();
        }
    }

    private static Map<String, float[]> train(List<String> settings, Path dir) throws IOException {
        TrainingJob.start(SettingsLoader.load(null, settings), dir, List.of("test"), Progress.silent()).run();
        assertThat(Files.exists(dir.resolve("metrics.jsonl"))).isTrue();
        return Checkpoint.read(RunDirectory.existing(dir).latestCheckpoint().orElseThrow()).network();
    }
}
