/**
 * Training on {@code L(θ; X, y) + Σ_t λ_t Ω_t(Φ_t(θ, X))}: the objective, one exact gradient step
 * (forward, attribution head, penalties, one ordinary backward), optimisers, learning-rate
 * schedules, checkpoints and a plain synchronous training loop.
 *
 * <p>Memory invariant: each step runs inside its own {@code NDScope}, so every array it creates is
 * freed when it ends; only parameters, optimiser slots and running statistics outlive a step.
 */
package dev.axiom.train;
