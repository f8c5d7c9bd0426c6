package dev.axiom.run;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.axiom.run.config.SettingsException;
import java.util.Locale;

/**
 * The DJL {@link Device} of {@code axiom.train.device}: {@code cpu}, {@code gpu} (the first GPU) or
 * {@code gpu:N}. A GPU is checked against what the PyTorch engine can use; without one the run stops
 * with a {@link SettingsException} of one line that says how to get DJL's CUDA build of libtorch.
 */
public final class Devices {

    /** The setting this class reads. */
    public static final String KEY = "axiom.train.device";

    private Devices() {}

    /**
     * The device {@code setting} names.
     *
     * @param setting {@code cpu}, {@code gpu} or {@code gpu:N} (as {@code RunSettings} checked it)
     * @throws SettingsException if it names a GPU the engine cannot use
     */
    public static Device resolve(String setting) {
        if (setting.equals("cpu")) {
            return Device.cpu();
        }
        int index = setting.equals("gpu") ? 0 : Integer.parseInt(setting.substring("gpu:".length()));
        Engine engine = Engine.getEngine("PyTorch");
        int count = engine.getGpuCount();
        if (count == 0) {
            throw new SettingsException(KEY + " = " + setting + ": no usable GPU: " + noGpu(engine));
        }
        if (index >= count) {
            throw new SettingsException(KEY + " = " + setting + ": there is no GPU " + index + "; the engine sees "
                    + count + " (gpu:0" + (count > 1 ? " to gpu:" + (count - 1) : "") + ")");
        }
        return Device.gpu(index);
    }

    /** {@code device} as the setting writes it: {@code cpu}, or {@code gpu:N}. */
    public static String name(Device device) {
        return device.isGpu() ? "gpu:" + device.getDeviceId() : device.getDeviceType();
    }

    /** Why the engine has no GPU, and what to do about it. */
    private static String noGpu(Engine engine) {
        String version = engine.getVersion();
        if (engine.hasCapability("CUDA")) {
            return "libtorch " + version + " has CUDA but sees no GPU (check the NVIDIA driver and CUDA_VISIBLE_DEVICES),"
                    + " or set " + KEY + " = cpu";
        }
        return "the PyTorch engine is libtorch " + version + "'s CPU build (ai.djl.pytorch:pytorch-native-cpu);"
                + " for a GPU, replace that jar with DJL's CUDA build ai.djl.pytorch:" + cudaArtifact(version) + ":"
                + version + ":" + classifier() + " (the same libtorch version; keep -Dai.djl.offline=true;"
                + " README, \"Running on a GPU\"), or set " + KEY + " = cpu";
    }

    /** DJL's CUDA flavour of a libtorch version (DJL's pytorch-engine README: 2.7.1 is built for CUDA 12.8). */
    static String cudaArtifact(String libtorch) {
        if (libtorch.startsWith("2.7.")) {
            return "pytorch-native-cu128";
        }
        if (libtorch.startsWith("2.5.") || libtorch.startsWith("2.4.")) {
            return "pytorch-native-cu124";
        }
        return "pytorch-native-cu12x";
    }

    /** DJL's classifier of this platform (CUDA builds exist for linux-x86_64 and win-x86_64). */
    private static String classifier() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64");
        if (x86 && os.startsWith("windows")) {
            return "win-x86_64";
        }
        return x86 && os.startsWith("linux") ? "linux-x86_64" : "linux-x86_64 (or win-x86_64; DJL builds CUDA libtorch for these only)";
    }
}
