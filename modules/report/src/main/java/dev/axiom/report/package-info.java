/**
 * Figures people would rather look at than tables, as PNG (headless): curves, attribution-map
 * panels with a diverging colour map and one shared scale per row, bar charts of global
 * importance; and the Markdown report of a run.
 */
package dev.axiom.report;
