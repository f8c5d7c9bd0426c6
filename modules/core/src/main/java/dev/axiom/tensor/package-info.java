/**
 * Thin helpers over DJL {@code NDArray}s: autograd without DJL's process-wide gradient collector,
 * shape and value checks whose messages name the tensor, and a seeded, checkpointable random
 * generator.
 *
 * <p>Invariant: nothing here keeps an {@code NDArray} alive beyond the caller's {@code NDScope}.
 */
package dev.axiom.tensor;
