/**
 * Priors Ω: differentiable penalties on attributions (pixel smoothness, graph Laplacian, Gini
 * sparsity, right-for-the-right-reasons, L1/L2) and the non-attribution baselines the papers
 * compare against (parameter L1/L2, sparse group lasso), each a small class behind
 * {@link dev.axiom.prior.Prior}, composable as weighted sums ({@link dev.axiom.prior.Priors}).
 *
 * <p>Every penalty is batch-size independent (a mean over samples, or a function of the global
 * importance {@code φ̄}).
 */
package dev.axiom.prior;
