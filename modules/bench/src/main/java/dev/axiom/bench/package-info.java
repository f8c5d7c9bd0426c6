/**
 * Speed and memory measurements of the training step, on fixed synthetic tensors of the same
 * shapes as the PyTorch reference in {@code shared/peers/eg_reference.py}, so the two can be run
 * side by side: {@link dev.axiom.bench.Bench} (milliseconds per step) and
 * {@link dev.axiom.bench.Soak} (resident memory over thousands of steps).
 */
package dev.axiom.bench;
