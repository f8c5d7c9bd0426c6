/** Measurements of models and of the process: accuracy, ROC-AUC, resident memory. */
package dev.axiom.metric;
