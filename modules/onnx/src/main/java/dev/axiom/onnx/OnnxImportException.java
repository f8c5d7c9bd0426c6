package dev.axiom.onnx;

/**
 * An ONNX model Axiom cannot import: the message names the file and the node (its name and op
 * type) or the problem, and what is supported.
 */
public final class OnnxImportException extends IllegalArgumentException {

    OnnxImportException(String message) {
        super(message);
    }

    OnnxImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
