package dev.axiom.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.axiom.run.RunDirectory;
import dev.axiom.train.Checkpoint;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Pekko cluster of three JVMs on 127.0.0.1 (a trainer node with one worker and two worker
 * nodes, each a child process running {@code axiom node}) trains synchronously to the parameters
 * of a single JVM with three workers; and a worker node killed during training is survived, the
 * trainer's event stream saying so.
 */
class ClusterTest {

    @TempDir
    Path tmp;

    private final List<Process> nodes = new ArrayList<>();

    @AfterEach
    void killNodes() {
        nodes.forEach(Process::destroyForcibly);
    }

    @Test
    void threeNodesTrainToTheParametersOfOneJvmWithThreeWorkers() throws Exception {
        Path conf = nodeConfig(1);
        int port = freePort();
        Process trainer = node(conf, port, port, "trainer", tmp.resolve("cluster-run"), "trainer");
        node(conf, freePort(), port, "worker", null, "worker-a");
        node(conf, freePort(), port, "worker", null, "worker-b");
        assertThat(trainer.waitFor(4, TimeUnit.MINUTES)).as("the trainer node finished").isTrue();
        String out = Files.readString(tmp.resolve("trainer.out"));
        assertThat(trainer.exitValue()).as(out + Files.readString(tmp.resolve("trainer.err"))).isZero();
        assertThat(out).containsPattern("event Finished\\[step=(\\d+), epoch=1, stoppedBeforeTheEnd=false, batchesDrawn=\\1, batchesApplied=\\1\\]");

        Path single = tmp.resolve("single-jvm");
        assertThat(Axiom.execute("train", "--config", conf.toString(), "--set", "axiom.runtime.workers=3",
                "--out", single.toString(), "--no-report")).isZero();

        Map<String, float[]> cluster = lastCheckpoint(tmp.resolve("cluster-run"));
        Map<String, float[]> local = lastCheckpoint(single);
        assertThat(cluster.keySet()).isEqualTo(local.keySet());
        for (String k : local.keySet()) {
            for (int i = 0; i < local.get(k).length; i++) {
                assertThat((double) cluster.get(k)[i]).as("%s[%d]", k, i).isCloseTo(local.get(k)[i], within(1e-5));
            }
        }
        assertThat(trainer.isAlive()).isFalse();
        for (Process p : nodes) {
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("worker nodes leave with the trainer").isTrue();
        }
    }

    @Test
    void aKilledWorkerNodeIsSurvivedAndTheEventStreamSaysSo() throws Exception {
        Path conf = nodeConfig(4);
        int port = freePort();
        Process trainer = node(conf, port, port, "trainer", tmp.resolve("cluster-run"), "trainer");
        Process doomed = node(conf, freePort(), port, "worker", null, "worker-a");
        node(conf, freePort(), port, "worker", null, "worker-b");
        Path out = tmp.resolve("trainer.out");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!(Files.exists(out) && Files.readString(out).contains("EpochCompleted")) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(Files.readString(out)).as("training started on the cluster").contains("EpochCompleted");
        doomed.destroyForcibly();
        assertThat(trainer.waitFor(4, TimeUnit.MINUTES)).as("the trainer node finished").isTrue();
        String log = Files.readString(out);
        assertThat(trainer.exitValue()).as(log).isZero();
        assertThat(log).containsPattern("event WorkerLost\\[step=\\d+, worker=\\d, node=pekko://axiom@127.0.0.1:\\d+, continuing=true\\]");
        assertThat(log).containsPattern("event Finished\\[step=(\\d+), epoch=4, stoppedBeforeTheEnd=false, batchesDrawn=\\1, batchesApplied=\\1\\]");
    }

    private Path nodeConfig(int epochs) throws IOException {
        Path conf = tmp.resolve("node.conf");
        Path preset = Path.of("../../conf/tabular-sparsity.conf").toAbsolutePath().normalize();
        Files.writeString(conf, """
                include "%s"
                axiom {
                  model.hidden = [32, 16]
                  train { epochs = %d, threads = 1, log-every-steps = 5 }
                  attribution { references = 2, reference-source = shifted-batch }
                  cluster { remote-workers = 2, down-after-seconds = 3 }
                }
                """.formatted(preset, epochs));
        return conf;
    }

    private Process node(Path conf, int port, int seedPort, String role, Path out, String name) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dai.djl.offline=true", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), Axiom.class.getName(), "node",
                "--config", conf.toString(),
                "--set", "axiom.cluster.port=" + port,
                "--set", "axiom.cluster.role=" + role,
                "--set", "axiom.cluster.seed-nodes=[\"pekko://axiom@127.0.0.1:" + seedPort + "\"]"));
        if (out != null) {
            command.addAll(List.of("--out", out.toString()));
        }
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(tmp.resolve(name + ".out").toFile())
                .redirectError(tmp.resolve(name + ".err").toFile());
        pb.environment().put("MALLOC_ARENA_MAX", "1");
        Process p = pb.start();
        nodes.add(p);
        return p;
    }

    private static Map<String, float[]> lastCheckpoint(Path run) {
        List<Path> all = RunDirectory.existing(run).checkpoints();
        return Checkpoint.read(all.get(all.size() - 1)).network();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
