package dev.axiom.fuzz;

/**
 * A real input file that mutants are grown from.
 *
 * @param fileName the name the input gets on disk (readers look at it: {@code .gz}, which file of
 *     a pair), also naming the seed in reports
 * @param bytes its content
 */
public record Seed(String fileName, byte[] bytes) {}
