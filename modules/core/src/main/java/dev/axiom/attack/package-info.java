/**
 * Perturbations in an ℓ∞ ball that an adversary chooses: {@link dev.axiom.attack.LinfBall} (the
 * feasible set and its projection), {@link dev.axiom.attack.ProjectedAscent} (sign-gradient
 * ascent of a per-sample objective, the engine of every attack and of robust training's inner
 * maximisation), {@link dev.axiom.attack.PgdAttack} (on the prediction) and
 * {@link dev.axiom.attack.TopKAttributionAttack} (Ghorbani et al.'s attack on the attribution map).
 */
package dev.axiom.attack;
