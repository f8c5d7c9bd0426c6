package dev.axiom.fuzz;

import java.nio.file.Path;
import java.util.List;

/**
 * A reader of user input under fuzzing: how to feed it a file, which seeds to grow inputs from,
 * and which exceptions are its own user errors.
 *
 * @param name the reader, as the summary names it
 * @param seeds the real files mutants are grown from (unmutated, none may crash and one at least
 *     must load; a seed the reader refuses, such as a request for what a finished run lacks, is allowed)
 * @param format which mutation operators apply
 * @param reader reads one input
 * @param userErrors the exception types that are the reader's own, well-formed errors (what the
 *     command line prints as one {@code axiom: error:} line with exit code 2)
 * @param namesFile whether a user error's message must name the input file
 * @param repair applied to half of the mutants after mutation (e.g. recomputing a checksum, so the
 *     parser behind it is reached), or null
 */
public record FuzzTarget(
        String name,
        List<Seed> seeds,
        Mutator.Format format,
        Reader reader,
        List<Class<? extends Throwable>> userErrors,
        boolean namesFile,
        Repair repair) {

    /** Copies the lists. */
    public FuzzTarget {
        seeds = List.copyOf(seeds);
        userErrors = List.copyOf(userErrors);
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException(name + ": no seeds");
        }
    }

    /** Reads one input file; returning is "loaded", throwing is judged by {@link Fuzzer}. */
    @FunctionalInterface
    public interface Reader {
        /** Reads {@code input} as the program would. */
        void read(Path input) throws Exception;
    }

    /** A format-aware fix-up of a mutant. */
    @FunctionalInterface
    public interface Repair {
        /** The mutant with, for example, its checksum recomputed. */
        byte[] apply(byte[] mutant);
    }
}
