package dev.axiom.run;

/**
 * Training stopped on an error it cannot recover from (for example a NaN loss); the message names
 * the step and the last good checkpoint, which is left intact.
 */
public final class TrainingFailedException extends RuntimeException {

    /** A failed run. */
    public TrainingFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
