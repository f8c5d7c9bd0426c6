package dev.axiom.attribution;

/** Static factories for every attribution method, so users find them all in one place. */
public final class Attributions {

    private Attributions() {}

    /** Input gradients {@code ∂S/∂x}. */
    public static AttributionMethod gradients() {
        return new InputGradient();
    }

    /** Gradient × input. */
    public static AttributionMethod gradientTimesInput() {
        return new GradientTimesInput();
    }

    /** Integrated gradients from the zero baseline, right Riemann sum with {@code steps} points. */
    public static IntegratedGradients integratedGradients(int steps) {
        return new IntegratedGradients(Baseline.zeros(), steps, Quadrature.RIEMANN_RIGHT);
    }

    /** Integrated gradients. */
    public static IntegratedGradients integratedGradients(
            Baseline baseline, int steps, Quadrature quadrature) {
        return new IntegratedGradients(baseline, steps, quadrature);
    }

    /** Expected gradients with {@code k} references per sample from the shifted batch. */
    public static ExpectedGradients expectedGradients(int k) {
        return new ExpectedGradients(k, ReferenceSource.shiftedBatch());
    }

    /** Expected gradients with {@code k} references per sample from {@code source}. */
    public static ExpectedGradients expectedGradients(int k, ReferenceSource source) {
        return new ExpectedGradients(k, source);
    }
}
