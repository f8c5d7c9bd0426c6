package dev.axiom.tensor;

/** A tensor or a scalar that must be finite held NaN or an infinity; the message says which. */
public final class NonFiniteValueException extends ArithmeticException {

    /** Creates the exception with a message that names the tensor and the value. */
    public NonFiniteValueException(String message) {
        super(message);
    }
}
