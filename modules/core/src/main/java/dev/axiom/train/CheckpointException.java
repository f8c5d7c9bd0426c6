package dev.axiom.train;

/** A checkpoint that cannot be written or read; the message names the file and the problem. */
public final class CheckpointException extends RuntimeException {

    /** A checkpoint problem. */
    public CheckpointException(String message) {
        super(message);
    }

    /** A checkpoint problem caused by {@code cause}. */
    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
