/**
 * Task losses {@code L(θ; X, y)}: cross-entropy, binary cross-entropy with logits, mean squared
 * error. Each gives per-sample values and their closed-form gradient with respect to the network
 * output, which the attribution head needs when the explained scalar is the loss itself
 * (integrated gradients of the loss, as in robust attribution regularisation).
 */
package dev.axiom.loss;
