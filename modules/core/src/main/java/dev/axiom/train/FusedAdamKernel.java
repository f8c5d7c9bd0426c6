package dev.axiom.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.JniUtils;
import dev.axiom.tensor.Tensors;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PyTorch's fused Adam update ({@code torch._fused_adam_}: one vectorised, multi-threaded pass
 * over each parameter and its moments instead of about a dozen element-wise operations) through a
 * small TorchScript module, {@code fused-adam.pt} (written by
 * {@code src/main/torchscript/make_fused_adam.py}). Absent where the engine cannot load or run it
 * (the update then falls back to element-wise operations), or when the system property
 * {@code axiom.adam.fused} is {@code false}.
 */
final class FusedAdamKernel {

    private static final Logger LOG = LoggerFactory.getLogger(FusedAdamKernel.class);
    private static final String RESOURCE = "fused-adam.pt";
    private static volatile Optional<FusedAdamKernel> loaded;

    private final PtSymbolBlock module;

    private FusedAdamKernel(PtSymbolBlock module) {
        this.module = module;
    }

    /** The kernel, loaded once per process; empty if it cannot be used here. */
    static Optional<FusedAdamKernel> get() {
        Optional<FusedAdamKernel> k = loaded;
        if (k == null) {
            synchronized (FusedAdamKernel.class) {
                k = loaded;
                if (k == null) {
                    k = load();
                    loaded = k;
                }
            }
        }
        return k;
    }

    private static Optional<FusedAdamKernel> load() {
        if (!Boolean.parseBoolean(System.getProperty("axiom.adam.fused", "true"))) {
            return Optional.empty();
        }
        try (InputStream in = FusedAdamKernel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing");
            }
            // a manager of the process's lifetime: the module is shared by every optimiser
            NDManager manager = NDManager.newBaseManager();
            return Optional.of(new FusedAdamKernel(JniUtils.loadModule((PtNDManager) manager, in, false, false)));
        } catch (Exception | UnsatisfiedLinkError e) {
            LOG.info("fused Adam update unavailable ({}); using element-wise operations", e.toString());
            return Optional.empty();
        }
    }

    /** Whether the kernel can update these arrays: engine arrays of one data type and device. */
    static boolean supports(List<NDArray> arrays) {
        NDArray first = arrays.get(0);
        for (NDArray a : arrays) {
            if (!(a instanceof PtNDArray)
                    || a.getDataType() != first.getDataType()
                    || !a.getDevice().equals(first.getDevice())) {
                return false;
            }
        }
        return true;
    }

    /**
     * One Adam update in place, for update number {@code step} (1 for the first): PyTorch's
     * {@code Adam} with L2 weight decay added to the gradient, no AMSGrad, minimising.
     */
    void update(
            List<NDArray> parameters,
            List<NDArray> gradients,
            List<NDArray> firstMoments,
            List<NDArray> secondMoments,
            long step,
            double learningRate,
            double beta1,
            double beta2,
            double weightDecay,
            double epsilon) {
        NDArray first = parameters.get(0);
        try (NDArray count = Tensors.owned(first.getManager().create((float) step)).toDevice(first.getDevice(), false)) {
            PtNDArray[] steps = new PtNDArray[parameters.size()];
            java.util.Arrays.fill(steps, (PtNDArray) count);
            IValue[] inputs = {
                list(parameters), list(gradients), list(firstMoments), list(secondMoments), IValue.listFrom(steps),
                IValue.from(learningRate), IValue.from(beta1), IValue.from(beta2), IValue.from(weightDecay),
                IValue.from(epsilon)
            };
            try {
                module.forward(inputs).close();
            } finally {
                for (IValue v : inputs) {
                    v.close();
                }
            }
        }
    }

    private static IValue list(List<NDArray> arrays) {
        return IValue.listFrom(arrays.stream().map(PtNDArray.class::cast).toArray(PtNDArray[]::new));
    }
}
