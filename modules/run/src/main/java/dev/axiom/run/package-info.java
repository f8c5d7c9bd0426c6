/**
 * A training run from its settings: data loaded and split, the network and objective built, the
 * plain synchronous loop driven with evaluation, checkpoints, early stopping and progress, and
 * everything written into a run directory (resolved config, provenance, metrics, checkpoints).
 */
package dev.axiom.run;
