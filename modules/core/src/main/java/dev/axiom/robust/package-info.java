/**
 * Robust attribution regularization (Chen et al.): training objectives whose integrated-gradients
 * attributions stay stable in an ℓ∞ ball — IG-NORM, IG-SUM-NORM — and Madry's adversarial
 * training, which they generalise. {@link dev.axiom.robust.RobustTraining} is what
 * {@code train.GradientStep} runs; {@link dev.axiom.robust.LossPathIntegral} is the
 * {@code ‖IG^ℓ_y(x, x')‖₁} they regularise.
 */
package dev.axiom.robust;
