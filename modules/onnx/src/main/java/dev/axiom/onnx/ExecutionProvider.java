package dev.axiom.onnx;

import java.util.Locale;

/**
 * Where ONNX Runtime runs a model: {@code cpu} (the {@code onnxruntime} artifact Axiom ships) or
 * {@code cuda} (needs {@code com.microsoft.onnxruntime:onnxruntime_gpu} on the class path instead,
 * and CUDA 12 with cuDNN on the machine). Chosen with {@code --provider} or the system property
 * {@value #PROPERTY}.
 */
public enum ExecutionProvider {
    /** ONNX Runtime's default CPU provider. */
    CPU,
    /** ONNX Runtime's CUDA provider, device 0. */
    CUDA;

    /** The system property that selects the provider when no option is given. */
    public static final String PROPERTY = "axiom.onnx.provider";

    /** The provider named {@code name} ({@code cpu} or {@code cuda}, any case). */
    public static ExecutionProvider parse(String name) {
        for (ExecutionProvider p : values()) {
            if (p.name().equalsIgnoreCase(name.strip())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown ONNX Runtime provider '" + name + "'; known: cpu, cuda");
    }

    /** The provider chosen by the system property {@value #PROPERTY}, CPU when it is not set. */
    public static ExecutionProvider configured() {
        return parse(System.getProperty(PROPERTY, "cpu"));
    }

    /** The lower-case name. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
