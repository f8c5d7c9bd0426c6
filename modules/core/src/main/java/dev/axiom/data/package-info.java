/**
 * In-memory data sets: features, labels and feature names, turned into batches on demand. Readers
 * of files build these; errors they raise name the file, the position and the problem.
 */
package dev.axiom.data;
