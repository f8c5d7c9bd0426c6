package dev.axiom.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.axiom.nn.Architecture;
import dev.axiom.nn.Cnn;
import dev.axiom.nn.Mlp;
import dev.axiom.nn.Network;
import dev.axiom.tensor.Rng;
import dev.axiom.testing.Arrays64;
import org.junit.jupiter.api.Test;

/**
 * {@link Explainer} keeps each pass's widest activation within {@link Explainer#PASS_BYTES}, and
 * the smaller passes this forces change nothing in the result.
 */
class ExplainerPassSizeTest {

    /** A float64 CNN whose first activation is 64 × 28 × 28 values (401,408 bytes) per row. */
    private static Architecture wideCnn() {
        return Cnn.builder().setInputShape(1, 28, 28).addConv(64, 3, 1, 1).addMaxPool(4).addDense(16).setOutputs(3).build();
    }

    @Test
    void aWideNetworkGetsPassesThatFitTheByteBoundAndANarrowOneTheRequestedRows() {
        try (NDManager manager = NDManager.newBaseManager();
                Network wide = Fixtures.network(manager, wideCnn(), 1);
                Network narrow = Fixtures.network(manager, Mlp.builder().setInputs(10).optHidden(8).setOutputs(2).build(), 1)) {
            long bytesPerRow = 64L * 28 * 28 * 8;
            assertThat(wide.widestActivation()).isEqualTo(64L * 28 * 28);
            assertThat(new Explainer(wide, 4096).rowsPerPass()).isEqualTo((int) (Explainer.PASS_BYTES / bytesPerRow));
            assertThat(new Explainer(wide, 10).rowsPerPass()).isEqualTo(10);
            assertThat(new Explainer(narrow, 4096).rowsPerPass()).isEqualTo(4096);
        }
    }

    @Test
    void boundedPassesGiveTheOneBatchIntegratedGradients() {
        try (NDManager manager = NDManager.newBaseManager();
                Network net = Fixtures.network(manager, wideCnn(), 2);
                NDScope scope = new NDScope()) {
            Rng rng = new Rng(7);
            NDArray x = manager.create(rng.uniform(3 * 784, 0, 1), new Shape(3, 1, 28, 28)).toType(net.dataType(), false);
            int steps = 100; // 300 rows in passes of 41: chunks of 41, 41 and 18 points per image
            Explainer explainer = new Explainer(net, 4096);
            assertThat(explainer.rowsPerPass()).isLessThan(steps);
            Explanation chunked = explainer.integratedGradients(
                    x, null, Target.predictedClass(), Baseline.zeros(), steps, Quadrature.RIEMANN_RIGHT);
            IntegratedGradients ig = new IntegratedGradients(Baseline.zeros(), steps, Quadrature.RIEMANN_RIGHT);
            double[] oneBatch = Arrays64.doubles(
                    ig.attribute(net, x, null, Target.predictedClass(), AttributionContext.of(new Rng(1))));
            assertThat(Arrays64.relativeError(Fixtures.widen(chunked.attributions()), oneBatch, 1.0)).isLessThan(1e-6);
        }
    }
}
