/**
 * Networks as sequences of layers, each with its forward function <em>and</em> its input-gradient
 * rule: the attribution head.
 *
 * <p>A {@link dev.axiom.nn.Layer} maps a batch to a {@link dev.axiom.nn.LayerPass}, which holds
 * the output and what the layer's rule needs to turn a gradient with respect to its output into a
 * gradient with respect to its input, using only ordinary tensor operations (linear: {@code g W};
 * ReLU: {@code g ⊙ 1[z > 0]}; convolution: a convolution with the flipped, channel-swapped kernel;
 * max-pool: routing to the arg-max; dropout: the same mask; ...). Chained in reverse by
 * {@link dev.axiom.nn.NetworkPass#inputGradient}, the rules form the attribution head: forward pass
 * plus head is one ordinary differentiable graph, so one ordinary backward of a penalty on
 * attributions gives its exact gradient with respect to the parameters, with no
 * {@code create_graph} backward and nothing retained between steps.
 *
 * <p>Architectures are immutable descriptions ({@link dev.axiom.nn.Architecture}, built by
 * {@link dev.axiom.nn.Mlp} and {@link dev.axiom.nn.Cnn}); a {@link dev.axiom.nn.Network} is an
 * architecture with parameters, initialised as PyTorch does by default from a seed.
 */
package dev.axiom.nn;
