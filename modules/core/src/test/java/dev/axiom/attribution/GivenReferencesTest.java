package dev.axiom.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.axiom.nn.ActivationKind;
import dev.axiom.nn.Network;
import dev.axiom.tensor.Rng;
import dev.axiom.tensor.Tensors;
import org.junit.jupiter.api.Test;

/**
 * {@link ExpectedGradients#withGivenReferences} is expected gradients for the references and
 * coefficients it is given: the same numbers as the estimator with the same draw.
 */
class GivenReferencesTest {

    @Test
    void givenReferencesGiveTheEstimatorsValues() {
        try (NDManager manager = NDManager.newBaseManager();
                Network net = Network.create(Fixtures.randomMlp(new Rng(3), 6, 4, ActivationKind.TANH), 5)) {
            Rng rng = new Rng(9);
            NDArray x = Tensors.owned(manager.create(rng.uniform(5 * 6, -1, 1), new Shape(5, 6)));
            NDArray labels = Tensors.owned(manager.create(new long[] {0, 3, 1, 2, 3}));
            int k = 3;
            ExpectedGradients eg = new ExpectedGradients(k, ReferenceSource.shiftedBatch());
            ExpectedGradients.Draw draw = eg.draw(x, k, rng);
            float[] expected = Tensors.floats(Tensors.over(ExpectedGradients.attribute(net, x, labels, Target.trueClass(),
                    AttributionContext.of(new Rng(1)), draw), k));
            float[] actual = Tensors.floats(ExpectedGradients.withGivenReferences(net, x, labels, Target.trueClass(),
                    draw.references(), draw.alphas().reshape(-1)));
            assertThat(actual).containsExactly(expected);
            assertThat(Fixtures.maxAbs(Fixtures.widen(actual))).isGreaterThan(1e-3);
        }
    }

    @Test
    void referencesThatDoNotFitAreNamed() {
        try (NDManager manager = NDManager.newBaseManager();
                Network net = Network.create(Fixtures.randomMlp(new Rng(3), 6, 4, ActivationKind.RELU), 5)) {
            NDArray x = manager.zeros(new Shape(4, 6));
            NDArray labels = manager.zeros(new Shape(4), ai.djl.ndarray.types.DataType.INT64);
            assertThatThrownBy(() -> ExpectedGradients.withGivenReferences(net, x, labels, Target.trueClass(),
                    manager.zeros(new Shape(6, 6)), manager.zeros(new Shape(6))))
                    .hasMessageContaining("k rows per sample").hasMessageContaining("(6, 6)");
            assertThatThrownBy(() -> ExpectedGradients.withGivenReferences(net, x, labels, Target.trueClass(),
                    manager.zeros(new Shape(8, 6)), manager.zeros(new Shape(7))))
                    .hasMessageContaining("alphas must have one value per reference row, shape (8)");
        }
    }
}
