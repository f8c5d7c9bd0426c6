/**
 * Fuzzing the readers of user input: seeded mutants ({@link dev.axiom.fuzz.Mutator}) grown from
 * the project's real files ({@link dev.axiom.fuzz.Targets}), each read with a time limit and judged
 * loaded, user error or crasher ({@link dev.axiom.fuzz.Fuzzer}); {@link dev.axiom.fuzz.Reports}
 * collects the per-reader lines of a long run.
 */
package dev.axiom.fuzz;
