package dev.axiom.metric;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's resident set size, read from {@code /proc/self/statm} (Linux). Native memory held
 * by libtorch counts, unlike the Java heap, which is why long runs are watched with this.
 */
public final class ResidentMemory {

    private static final Path STATM = Path.of("/proc/self/statm");
    private static final long PAGE = 4096;

    private ResidentMemory() {}

    /** Resident memory in MiB, or NaN where {@code /proc} is not available. */
    public static double megabytes() {
        try {
            String[] fields = Files.readString(STATM).trim().split("\\s+");
            return Long.parseLong(fields[1]) * PAGE / (1024.0 * 1024.0);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
