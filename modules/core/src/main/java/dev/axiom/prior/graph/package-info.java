/**
 * Sparse, weighted, undirected feature graphs for the graph attribution prior: an edge list over
 * feature indices, never a dense {@code p × p} matrix.
 */
package dev.axiom.prior.graph;
