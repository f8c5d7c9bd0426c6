package dev.axiom.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.axiom.nn.Network;
import dev.axiom.nn.NetworkPass;
import dev.axiom.tensor.Rng;
import dev.axiom.tensor.Tensors;

/**
 * Expected gradients:
 * {@code φ_i = E_{x'∼D, α∼U(0,1)} [(x_i − x'_i) ∂S(x' + α(x − x'))/∂x_i]}, estimated with {@code k}
 * references per sample and one {@code α} per sample and reference. All {@code N·k} interpolated
 * points go through the network in one batch; use {@link Explainer} for hundreds of references.
 */
public final class ExpectedGradients implements AttributionMethod {

    private final int references;
    private final ReferenceSource source;

    /** EG with {@code references} draws per sample from {@code source}. */
    public ExpectedGradients(int references, ReferenceSource source) {
        if (references < 1) {
            throw new IllegalArgumentException(
                    "expected gradients needs at least 1 reference per sample, got " + references);
        }
        this.references = references;
        this.source = source;
    }

    /** References and interpolation coefficients drawn for one batch. */
    record Draw(NDArray references, NDArray alphas, int perSample) {}

    /** Draws {@code k} references and coefficients for each sample of {@code x}. */
    Draw draw(NDArray x, int k, Rng rng) {
        return withCoefficients(source.references(x, k, rng), x, k, rng);
    }

    /** Draws one coefficient per row of {@code refs} (the references of {@code x}, {@code k} each). */
    static Draw withCoefficients(NDArray refs, NDArray x, int k, Rng rng) {
        long rows = refs.getShape().get(0);
        float[] a = rng.uniform(Math.toIntExact(rows), 0, 1);
        long[] column = new long[x.getShape().dimension()];
        java.util.Arrays.fill(column, 1);
        column[0] = rows;
        NDArray alphas = Tensors.owned(x.getManager().create(a)).toType(x.getDataType(), false).reshape(column);
        return new Draw(refs, alphas, k);
    }

    @Override
    public NDArray attribute(
            Network network, NDArray x, NDArray labels, Target target, AttributionContext context) {
        Draw draw = draw(x, references, context.rng());
        Target.Resolved resolved = target.resolve(network, x, labels);
        return Tensors.over(attribute(network, x, resolved.labels(), resolved.target(), context, draw), references);
    }

    /**
     * {@code Σ_j (x − x'_j) ⊙ ∂S(x'_j + α_j(x − x'_j))/∂x} over the drawn references: the sum, not
     * the mean, so that chunks add up.
     */
    static NDArray attribute(
            Network network,
            NDArray x,
            NDArray labels,
            Target target,
            AttributionContext context,
            Draw draw) {
        int k = draw.perSample();
        Shape shape = x.getShape();
        NDArray repeated = k == 1 ? x : x.repeat(0, k);
        NDArray delta = repeated.sub(draw.references());
        NDArray points = draw.references().add(draw.alphas().mul(delta));
        NDArray repeatedLabels = labels == null || k == 1 ? labels : labels.repeat(0, k);
        NetworkPass pass = network.forward(points, context.mode());
        NDArray g = pass.inputGradient(target.outputGradient(pass.output(), repeatedLabels));
        NDArray terms = delta.mul(g);
        if (k == 1) {
            return terms;
        }
        return terms.reshape(new Shape(shape.get(0), k).addAll(shape.slice(1))).sum(new int[] {1});
    }

    /**
     * Expected gradients with given references and coefficients, in inference mode: the mean over
     * references of {@code (x − x'_j) ⊙ ∂S(x'_j + α_j(x − x'_j))/∂x}. This is what an exported
     * attribution head computes; use it to compare with one.
     *
     * @param references {@code k} rows per sample, shape {@code (N·k, sample...)}: row {@code ℓ·k + j}
     *     is reference {@code j} of sample {@code ℓ}
     * @param alphas one coefficient per reference row, shape {@code (N·k)}
     * @throws IllegalArgumentException naming the array whose shape does not fit {@code x}
     */
    public static NDArray withGivenReferences(
            Network network, NDArray x, NDArray labels, Target target, NDArray references, NDArray alphas) {
        return withGivenReferences(network, x, labels, target, references, alphas, AttributionContext.of(new Rng(0)));
    }

    /**
     * {@link #withGivenReferences(Network, NDArray, NDArray, Target, NDArray, NDArray)} with the
     * attribution passes run as {@code context} says (for example with batch statistics, as a
     * training step's attribution pass with {@link AttributionContext#dropout()} on).
     */
    public static NDArray withGivenReferences(
            Network network, NDArray x, NDArray labels, Target target, NDArray references, NDArray alphas,
            AttributionContext context) {
        long n = x.getShape().get(0);
        long rows = references.getShape().get(0);
        if (n == 0 || rows % n != 0 || rows == 0
                || !references.getShape().slice(1).equals(x.getShape().slice(1))) {
            throw new IllegalArgumentException(
                    "references must have k rows per sample and the samples' shape: x has shape "
                            + x.getShape() + ", references " + references.getShape());
        }
        if (alphas.getShape().dimension() != 1 || alphas.getShape().get(0) != rows) {
            throw new IllegalArgumentException(
                    "alphas must have one value per reference row, shape (" + rows + "), got " + alphas.getShape());
        }
        int k = Math.toIntExact(rows / n);
        long[] column = new long[x.getShape().dimension()];
        java.util.Arrays.fill(column, 1);
        column[0] = rows;
        Draw draw = new Draw(references, alphas.toType(x.getDataType(), false).reshape(column), k);
        Target.Resolved resolved = target.resolve(network, x, labels);
        return Tensors.over(attribute(network, x, resolved.labels(), resolved.target(), context, draw), k);
    }

    /** References per sample. */
    public int references() {
        return references;
    }

    /** Where references come from. */
    public ReferenceSource source() {
        return source;
    }

    @Override
    public boolean satisfiesCompleteness() {
        return true;
    }

    @Override
    public String describe() {
        return "expected-gradients(k=" + references + ", " + source.describe() + ")";
    }
}
