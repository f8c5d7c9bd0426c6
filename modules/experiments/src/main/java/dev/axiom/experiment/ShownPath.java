package dev.axiom.experiment;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Paths as reports and {@code results.json} name them: relative to the repository (or, beside it,
 * as {@code ../shared/…}), so that a committed report names the data and folders the same way on
 * every machine; a path elsewhere stays absolute.
 */
public final class ShownPath {

    private ShownPath() {}

    /** {@code path} relative to the repository of the working directory (or the working directory itself). */
    public static String of(Path path) {
        return of(path, root(Path.of("").toAbsolutePath()));
    }

    /** {@code path} relative to {@code base}, or to {@code base}'s parent as {@code ../…}, else absolute. */
    static String of(Path path, Path base) {
        Path p = path.toAbsolutePath().normalize();
        Path b = base.toAbsolutePath().normalize();
        Path shown;
        if (p.startsWith(b)) {
            shown = b.relativize(p);
        } else if (b.getParent() != null && p.startsWith(b.getParent())) {
            shown = Path.of("..").resolve(b.getParent().relativize(p));
        } else {
            shown = p;
        }
        String text = shown.toString().replace('\\', '/');
        return text.isEmpty() ? "." : text;
    }

    /** The nearest folder at or above {@code dir} that holds a repository ({@code .git}), else {@code dir}. */
    static Path root(Path dir) {
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(".git"))) {
                return d;
            }
        }
        return dir;
    }
}
