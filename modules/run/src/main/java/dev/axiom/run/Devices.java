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
        return resolve(setting, KEY + " = " + setting, "set " + KEY + " = cpu");
    }

    /**
     * The device to load a trained run on ({@code evaluate}, {@code predict}, {@code explain},
     * {@code report}): {@code option} ({@code --device}) when given, else the run's own
     * {@code axiom.train.device}, so that a run trained on a GPU elsewhere can be read on the CPU.
     *
     * @param option {@code cpu}, {@code gpu}, {@code gpu:N}, or null for the run's setting
     * @param runSetting the run's {@code axiom.train.device}
     * @throws IllegalArgumentException if {@code option} is none of these
     * @throws SettingsException if the device is a GPU the engine cannot use; the message names
     *     where the device came from and says that {@code --device cpu} loads the run on the CPU
     */
    public static Device forRun(String option, String runSetting) {
        if (option == null) {
            return resolve(runSetting, "the run's " + KEY + " = " + runSetting, "pass --device cpu");
        }
        if (!option.equals("cpu") && !option.equals("gpu") && !option.matches("gpu:\\d{1,4}")) {
            throw new IllegalArgumentException("--device must be cpu, gpu or gpu:N with N a GPU number (0 for the first), got '"
                    + option + "'");
        }
        return resolve(option, "--device " + option, "pass --device cpu");
    }

    /** {@code setting} ({@code cpu}, {@code gpu} or {@code gpu:N}), named {@code source} in errors. */
    private static Device resolve(String setting, String source, String cpuInstead) {
        if (setting.equals("cpu")) {
            return Device.cpu();
        }
        int index = setting.equals("gpu") ? 0 : Integer.parseInt(setting.substring("gpu:".length()));
        Engine engine = Engine.getEngine("PyTorch");
        int count = engine.getGpuCount();
        if (count == 0) {
            throw new SettingsException(source + ": no usable GPU: " + noGpu(engine) + ", or " + cpuInstead);
        }
        if (index >= count) {
            throw new SettingsException(source + ": there is no GPU " + index + "; the engine sees "
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
            return "libtorch " + version + " has CUDA but sees no GPU (check the NVIDIA driver and CUDA_VISIBLE_DEVICES)";
        }
        return "the PyTorch engine is libtorch " + version + "'s CPU build (ai.djl.pytorch:pytorch-native-cpu);"
                + " for a GPU, replace that jar with DJL's CUDA build ai.djl.pytorch:" + cudaArtifact(version) + ":"
                + version + ":" + classifier() + " (the same libtorch version; keep -Dai.djl.offline=true;"
                + " README, \"Running on a GPU\")";
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
