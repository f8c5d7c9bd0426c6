package dev.axiom.fuzz;

import java.nio.file.Path;

/**
 * One crasher.
 *
 * @param index the input's number (with the seed, enough to make it again)
 * @param seed the seed file it was grown from
 * @param mutation the operators applied
 * @param problem the exception (type, message, where it was thrown), or the hang
 * @param saved where the input was saved for reproduction
 */
public record Crash(int index, String seed, String mutation, String problem, Path saved) {

    /** One line: number, seed, mutation, problem, file. */
    public String line() {
        return "#" + index + " " + seed + " [" + mutation + "]: " + problem + " (saved as " + saved + ")";
    }
}
