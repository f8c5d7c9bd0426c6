package dev.axiom.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code axiom ARGS} in child JVMs (this JVM's Java and class path, offline, headless, 1 GiB of
 * heap), each one's output in {@code LOGS/NAME.out} and {@code LOGS/NAME.err}; {@link #close}
 * kills those still running. For tests that need real processes: signals, clusters, kills.
 */
final class ChildAxiom implements AutoCloseable {

    private final Path logs;
    private final List<Process> started = new ArrayList<>();

    ChildAxiom(Path logs) {
        this.logs = logs;
    }

    /** Starts {@code axiom arguments…} as {@code name}. */
    Process start(String name, List<String> arguments) throws IOException {
        return start(name, arguments, Map.of());
    }

    /** Starts {@code axiom arguments…} as {@code name} with {@code environment} added to this one's. */
    Process start(String name, List<String> arguments, Map<String, String> environment) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dai.djl.offline=true", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), Axiom.class.getName()));
        command.addAll(arguments);
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(logs.resolve(name + ".out").toFile())
                .redirectError(logs.resolve(name + ".err").toFile());
        pb.environment().putAll(environment);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /** The {@code --set} arguments of a cluster node on 127.0.0.1:{@code port} with the seed node at {@code seedPort}. */
    static List<String> clusterNode(String role, int port, int seedPort) {
        return List.of(
                "--set", "axiom.cluster.port=" + port,
                "--set", "axiom.cluster.role=" + role,
                "--set", "axiom.cluster.seed-nodes=[\"pekko://axiom@127.0.0.1:" + seedPort + "\"]");
    }

    /** A loopback port free at the time of asking. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The children started, in order. */
    List<Process> started() {
        return List.copyOf(started);
    }

    /** Kills the children still running. */
    @Override
    public void close() {
        started.forEach(Process::destroyForcibly);
    }
}
