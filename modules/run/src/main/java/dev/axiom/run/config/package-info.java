/**
 * Run settings: HOCON files and {@code --set} overrides layered over {@code reference.conf},
 * validated once at start (unknown keys are named with the closest valid key; wrong types and
 * ranges name the key, the value and what is allowed), and read into immutable records.
 */
package dev.axiom.run.config;
