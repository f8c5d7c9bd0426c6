package dev.axiom.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * First-order reverse-mode autograd on the PyTorch engine, usable from several threads at once.
 *
 * <p>DJL's {@code GradientCollector} for PyTorch is a process-wide singleton (only one may be open
 * in a JVM), which rules out several gradient workers in one process. PyTorch's own grad mode is
 * thread-local, so this class sets it around each computation on the calling thread and runs an
 * ordinary backward ({@code create_graph = false}): Axiom never needs a gradient of a gradient from
 * autograd, because attributions are computed by the explicit attribution head (see
 * {@code dev.axiom.nn.LayerPass#inputGradient}).
 */
public final class Autograd {

    private Autograd() {}

    /** Runs {@code body} with gradient recording on for this thread, restoring the previous mode. */
    public static <T> T recording(Supplier<T> body) {
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
        try {
            return body.get();
        } finally {
            JniUtils.setGradMode(previous);
        }
    }

    /** Runs {@code body} with gradient recording off for this thread, restoring the previous mode. */
    public static <T> T notRecording(Supplier<T> body) {
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return body.get();
        } finally {
            JniUtils.setGradMode(previous);
        }
    }

    /** Runs {@code body} with gradient recording off for this thread. */
    public static void notRecording(Runnable body) {
        notRecording(
                () -> {
                    body.run();
                    return null;
                });
    }

    /**
     * Back-propagates a scalar into the {@code .grad} of every leaf that requires a gradient. The
     * graph is freed afterwards; gradients accumulate until {@link #zeroGradients} is called.
     */
    public static void backward(NDArray scalar) {
        if (scalar.getShape().size() != 1) {
            throw new IllegalArgumentException(
                    "backward needs a scalar, got an array of shape " + scalar.getShape());
        }
        try (NDArray seed = scalar.onesLike()) {
            JniUtils.backward((PtNDArray) scalar, (PtNDArray) seed, false, false);
        }
    }

    /**
     * The accumulated gradients of {@code leaves}, in order. A leaf that took no part in the graph
     * gets zeros. The returned arrays are views registered in the caller's {@code NDScope}.
     */
    public static List<NDArray> gradients(List<NDArray> leaves) {
        List<NDArray> grads = new ArrayList<>(leaves.size());
        for (NDArray leaf : leaves) {
            grads.add(leaf.getGradient());
        }
        return grads;
    }

    /**
     * {@code ∂f(x)/∂x} for a scalar function {@code f} of an input batch, without touching any
     * parameter's gradient: the {@code frozen} arrays stop requiring gradients while {@code f} is
     * recorded and differentiated (so autograd neither computes nor accumulates theirs), and
     * require them again afterwards, their accumulated gradients intact. This is
     * {@code torch.autograd.grad(f(x), x)} for the inner loop of an attack.
     *
     * @param x the point (not modified); {@code f} receives a fresh leaf with its values
     * @return the gradient, shape of {@code x}, registered in the caller's {@code NDScope}
     */
    public static NDArray inputGradient(
            NDArray x, java.util.function.Function<NDArray, NDArray> f, List<NDArray> frozen) {
        for (NDArray p : frozen) {
            p.setRequiresGradient(false);
        }
        try {
            return recording(
                    () -> {
                        NDArray leaf = x.duplicate();
                        leaf.setRequiresGradient(true);
                        backward(f.apply(leaf));
                        return leaf.getGradient().duplicate();
                    });
        } finally {
            for (NDArray p : frozen) {
                p.setRequiresGradient(true);
            }
        }
    }

    /** Resets the accumulated gradients of {@code leaves} to zero (in place). */
    public static void zeroGradients(List<NDArray> leaves) {
        for (NDArray leaf : leaves) {
            JniUtils.zeroGrad((PtNDArray) leaf);
        }
    }
}
