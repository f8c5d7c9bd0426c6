package dev.axiom.run.config;

/** A configuration the run cannot start with; the message names the key and what is wrong. */
public final class SettingsException extends RuntimeException {

    /** A settings problem. */
    public SettingsException(String message) {
        super(message);
    }
}
