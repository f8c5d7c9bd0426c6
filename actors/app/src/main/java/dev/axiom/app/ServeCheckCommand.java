package dev.axiom.app;

import dev.axiom.data.Dataset;
import dev.axiom.onnx.ExecutionProvider;
import dev.axiom.onnx.OnnxRuntimeModel;
import dev.axiom.onnx.ServeCheck;
import dev.axiom.run.TrainedModel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code axiom serve-check}: runs an exported model in ONNX Runtime and compares its outputs (and
 * attributions) with Axiom's on the same samples; exit 1 when a difference exceeds its tolerance.
 */
@Command(name = "serve-check", mixinStandardHelpOptions = true,
        description = {"Loads FILE.onnx in ONNX Runtime (with its shape inference), runs the",
            "chosen samples through it and through the run's network, and prints the",
            "largest differences of the outputs and, with the attribution head, of the",
            "expected gradients (same references and coefficients; target: the class",
            "Axiom predicts). Exits 1 if a difference exceeds its tolerance."})
final class ServeCheckCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE.onnx", description = "A model written by axiom export.")
    Path file;

    @Option(names = "--run", required = true, paramLabel = "RUN_DIR", description = "The run the model was exported from.")
    Path run;

    @Mixin
    DataChoice data = new DataChoice();

    @Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--limit", paramLabel = "N", defaultValue = "64", description = "Compare the first N samples (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--references", paramLabel = "K", defaultValue = "4",
            description = "References per sample for the attribution check, from the training split (default: ${DEFAULT-VALUE}).")
    int references;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the references and coefficients (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--provider", paramLabel = "cpu|cuda", defaultValue = "${sys:axiom.onnx.provider:-cpu}",
            description = "ONNX Runtime execution provider; cuda needs the onnxruntime_gpu build on the class path "
                    + "(default: the system property axiom.onnx.provider, else cpu).")
    String provider;

    @Option(names = "--tolerance", defaultValue = "1e-5", description = "Largest allowed output difference (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--attribution-tolerance", defaultValue = "1e-4",
            description = "Largest allowed attribution difference (default: ${DEFAULT-VALUE}).")
    double attributionTolerance;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
        }
        ExecutionProvider chosen = ExecutionProvider.parse(provider);
        try (TrainedModel model = device.load(run);
                OnnxRuntimeModel onnx = OnnxRuntimeModel.open(file, chosen)) {
            Dataset d = data.load(model);
            if (limit < d.size()) {
                int[] first = new int[limit];
                Arrays.setAll(first, i -> i);
                d = d.subset(first);
            }
            System.out.println("loaded " + file + " in ONNX Runtime (" + chosen.label() + "): "
                    + describe(onnx));
            ServeCheck.Result r = ServeCheck.run(onnx, model.network(), d, model.data().train(), references, seed);
            System.out.printf("samples: %d%nmax |outputs ONNX - Axiom|: %.3g (tolerance %.1g)%n", r.samples(), r.maxOutputDifference(), tolerance);
            if (onnx.hasAttributionHead()) {
                System.out.printf("max |attributions ONNX - Axiom| (%d references per sample): %.3g (tolerance %.1g)%n",
                        r.referencesPerSample(), r.maxAttributionDifference(), attributionTolerance);
            } else {
                System.out.println("no attribution head: attributions not compared");
            }
            boolean ok = r.within(tolerance, attributionTolerance);
            System.out.println(ok ? "OK" : "MISMATCH: a difference exceeds its tolerance");
            return ok ? 0 : 1;
        }
    }

    private static String describe(OnnxRuntimeModel onnx) {
        StringBuilder s = new StringBuilder();
        onnx.signature().forEach((name, shape) -> s.append(s.length() == 0 ? "" : ", ").append(name)
                .append(Arrays.toString(shape).replace("-1", name.equals("references") || name.equals("alphas") ? "N*k" : "N")));
        return s.toString();
    }
}
