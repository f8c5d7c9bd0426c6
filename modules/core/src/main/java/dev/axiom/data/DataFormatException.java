package dev.axiom.data;

/**
 * A data file that cannot be read as what it claims to be: the message names the file, the
 * position (byte offset, or line and column) and the problem.
 */
public final class DataFormatException extends RuntimeException {

    /** A problem with a data file. */
    public DataFormatException(String message) {
        super(message);
    }

    /** A problem with a data file, caused by {@code cause}. */
    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
