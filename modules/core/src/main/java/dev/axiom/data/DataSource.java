package dev.axiom.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * Where a data file is: a path on disk, or a resource on the class path ({@code classpath:...},
 * for data shipped inside a jar). Opens it, un-gzipping files whose name ends in {@code .gz}, and
 * computes its SHA-256 for provenance.
 *
 * @param location the path or {@code classpath:} resource name, as the user wrote it
 */
public record DataSource(String location) {

    private static final String CLASSPATH = "classpath:";

    /** A source for a path on disk. */
    public static DataSource of(Path path) {
        return new DataSource(path.toString());
    }

    /** The file name without directories. */
    public String name() {
        int slash = Math.max(location.lastIndexOf('/'), location.lastIndexOf('\\'));
        return location.substring(slash + 1);
    }

    /** The source {@code name} in the same folder (or class-path package) as this one. */
    public DataSource sibling(String name) {
        int slash = Math.max(location.lastIndexOf('/'), location.lastIndexOf('\\'));
        String folder = slash < 0 ? (location.startsWith(CLASSPATH) ? CLASSPATH : "") : location.substring(0, slash + 1);
        return new DataSource(folder + name);
    }

    /** Whether the file or resource is there. */
    public boolean exists() {
        if (location.startsWith(CLASSPATH)) {
            return DataSource.class.getClassLoader().getResource(location.substring(CLASSPATH.length())) != null;
        }
        return Files.isRegularFile(Path.of(location));
    }

    /** Whether the source is gzip-compressed (by its name). */
    public boolean gzipped() {
        return location.endsWith(".gz");
    }

    /** The raw bytes, as stored. */
    public InputStream openRaw() {
        try {
            if (location.startsWith(CLASSPATH)) {
                String resource = location.substring(CLASSPATH.length());
                InputStream in = DataSource.class.getClassLoader().getResourceAsStream(resource);
                if (in == null) {
                    throw new DataFormatException(
                            location + ": no such resource on the class path");
                }
                return new BufferedInputStream(in);
            }
            return new BufferedInputStream(Files.newInputStream(Path.of(location)));
        } catch (NoSuchFileException e) {
            throw new DataFormatException(location + ": no such file");
        } catch (IOException e) {
            throw new DataFormatException(location + ": cannot be opened (" + e.getMessage() + ")", e);
        }
    }

    /** The content, un-gzipped if the name ends in {@code .gz}. */
    public InputStream open() {
        InputStream raw = openRaw();
        if (!gzipped()) {
            return raw;
        }
        try {
            // Not wrapped in a buffer: a buffer would drop the bytes it holds when the stream ends
            // early, and readers report how much data a truncated file held.
            return new GZIPInputStream(raw, 1 << 16);
        } catch (IOException e) {
            closeQuietly(raw);
            throw new DataFormatException(location + ": not a valid gzip file (" + e.getMessage() + ")", e);
        }
    }

    /** SHA-256 of the stored bytes, in hex. */
    public String sha256() {
        try (InputStream in = new DigestInputStream(openRaw(), MessageDigest.getInstance("SHA-256"))) {
            byte[] buffer = new byte[1 << 16];
            while (in.read(buffer) >= 0) {
                // reading feeds the digest
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(location + ": cannot be read", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // already failing
        }
    }
}
