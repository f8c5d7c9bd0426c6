/** Loading a run's data from its settings: files, splits, preprocessing, the feature graph. */
package dev.axiom.run.data;
