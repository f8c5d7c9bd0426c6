/** The command line: {@code ./axiom train | evaluate | predict | explain | report | bench | soak}. */
package dev.axiom.app;
