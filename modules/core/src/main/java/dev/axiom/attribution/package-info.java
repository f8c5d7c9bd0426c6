/**
 * Attribution methods: input gradients, gradient × input, integrated gradients and expected
 * gradients, each a small class behind {@link dev.axiom.attribution.AttributionMethod}; the
 * explained scalar ({@link dev.axiom.attribution.Target}); baselines and reference sources; and the
 * chunked explain-time API ({@link dev.axiom.attribution.Explainer}).
 *
 * <p>Every method computes its input gradients with the network's attribution head, so its result
 * is an ordinary differentiable function of the parameters: a prior on it can be trained with one
 * ordinary backward pass.
 */
package dev.axiom.attribution;
