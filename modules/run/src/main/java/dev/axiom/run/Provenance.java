package dev.axiom.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where a run came from: seed, data files and their SHA-256, library versions, the git commit of
 * the code, the host and the command. Written once, next to the results.
 */
public final class Provenance {

    private Provenance() {}

    /** The provenance record as a JSON-ready map. */
    public static Map<String, Object> of(long seed, Map<String, String> files, List<String> command) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("seed", seed);
        p.put("data_files_sha256", files);
        p.put("started", Instant.now().toString());
        p.put("command", command);
        p.put("versions", versions());
        p.put("git_commit", gitCommit());
        p.put("host", Map.of(
                "os", System.getProperty("os.name") + " " + System.getProperty("os.version"),
                "arch", System.getProperty("os.arch"),
                "cpus", Runtime.getRuntime().availableProcessors()));
        return p;
    }

    /** Versions of the JVM, DJL and the native libtorch. */
    public static Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        String axiom = Provenance.class.getPackage().getImplementationVersion();
        v.put("axiom", axiom != null ? axiom : "built from source");
        v.put("djl", ai.djl.engine.Engine.getDjlVersion());
        try {
            v.put("pytorch", ai.djl.engine.Engine.getEngine("PyTorch").getVersion());
        } catch (RuntimeException e) {
            v.put("pytorch", "unavailable: " + e.getMessage());
        }
        return v;
    }

    /** {@code git rev-parse HEAD} of the working directory, with "+dirty" for local changes. */
    public static String gitCommit() {
        try {
            String head = run("git", "rev-parse", "HEAD");
            if (head == null) {
                return "unknown";
            }
            String status = run("git", "status", "--porcelain", "--untracked-files=no");
            return status == null || status.isEmpty() ? head : head + "+dirty";
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).directory(Path.of(".").toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
