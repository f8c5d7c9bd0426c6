package dev.axiom.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the calling thread's CPU priority. Java's thread priorities do nothing on Linux by
 * default, so this also sets the OS niceness of the calling thread (Linux keeps niceness per
 * thread, and threads it starts later, such as libtorch's OpenMP team, inherit it). Best effort:
 * where that is not possible the thread keeps its priority and a debug line says why.
 */
final class LowPriority {

    private static final Logger LOG = LoggerFactory.getLogger(LowPriority.class);

    private LowPriority() {}

    /**
     * Raises the calling thread's niceness by {@code increment} (at most to 19; 0 does nothing);
     * returns whether it did.
     */
    static boolean apply(int increment) {
        Thread.currentThread().setPriority(Thread.MIN_PRIORITY);
        if (increment == 0) {
            return false;
        }
        try {
            // "/proc/thread-self" links to "<pid>/task/<tid>"; field 19 of its stat is the niceness.
            Path self = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            String tid = self.getFileName().toString();
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            int current = Integer.parseInt(fields[16]);
            int target = Math.min(19, current + increment);
            Process p = new ProcessBuilder("renice", "-n", Integer.toString(target), "-p", tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot lower the snapshot thread's priority: {}", e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
