package dev.axiom.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export} and {@code serve-check} on a small tabular run: ONNX Runtime agrees with Axiom
 * within the tolerances; bad input ends with one {@code axiom: error:} line and exit code 2.
 */
class OnnxCommandsTest {

    @TempDir
    static Path tmp;

    private static Path run;


    @BeforeAll
    static void train() {
        run = tmp.resolve("mlp");
        Outcome o = execute("train", "--config", "../../conf/tabular-sparsity.conf", "--no-report", "--out", run.toString(),
                "--set", "axiom.train.epochs=1", "--set", "axiom.model.hidden=[16,8]", "--set", "axiom.attribution.references=2");
        assertThat(o.code()).as(o.err()).isZero();
    }

    @Test
    void exportWithHeadPassesServeCheck() {
        Path file = tmp.resolve("mlp.onnx");
        Outcome export = execute("export", run.toString(), "--out", file.toString(), "--attribution-head", "--golden", "3");
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(export.out()).contains("opset 17", "with the attribution head", "sha256 ");
        assertThat(tmp.resolve("mlp.golden.json")).isNotEmptyFile();
        Outcome check = execute("serve-check", file.toString(), "--run", run.toString(), "--limit", "32", "--references", "3");
        assertThat(check.code()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("samples: 32", "max |outputs ONNX - Axiom|", "max |attributions ONNX - Axiom| (3 references", "OK");
    }

    @Test
    void exportWithoutHeadComparesOutputsOnly() {
        Path file = tmp.resolve("plain.onnx");
        assertThat(execute("export", run.toString(), "--out", file.toString()).code()).isZero();
        Outcome check = execute("serve-check", file.toString(), "--run", run.toString());
        assertThat(check.code()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("no attribution head", "OK");
    }

    @Test
    void badInputIsOneLine() {
        Path file = tmp.resolve("for-errors.onnx");
        assertThat(execute("export", run.toString(), "--out", file.toString()).code()).isZero();
        assertOneLine(execute("serve-check", tmp.resolve("missing.onnx").toString(), "--run", run.toString()), "no ONNX model file at");
        assertOneLine(execute("serve-check", file.toString(), "--run", run.toString(), "--provider", "gpu"), "unknown ONNX Runtime provider 'gpu'");
        assertOneLine(execute("serve-check", file.toString(), "--run", run.toString(), "--provider", "cuda"),
                "the CUDA provider is not available", "onnxruntime_gpu");
        assertOneLine(execute("export", tmp.resolve("no-run").toString(), "--out", file.toString()), "no-run");
    }

    private static void assertOneLine(Outcome o, String... fragments) {
        assertThat(o.err()).as("standard error").doesNotContain("\tat ");
        assertThat(o.err().lines().filter(l -> l.startsWith("axiom: error: ")).toList()).as(o.err()).hasSize(1);
        assertThat(o.err()).contains(fragments);
        assertThat(o.code()).as(o.err()).isEqualTo(2);
    }

    private static Outcome execute(String... args) {
        return Outcome.of(args);
    }
}
