package dev.axiom.fuzz;

/** What a reader did with one input. */
public enum Outcome {
    /** It returned. */
    LOADED,
    /** It threw one of its own user-error types with a message naming the problem (and the file). */
    USER_ERROR,
    /**
     * Anything else: another exception, a user error without a proper message, an error such as
     * {@link OutOfMemoryError} or {@link StackOverflowError}, or no answer within the time limit.
     */
    CRASHER
}
