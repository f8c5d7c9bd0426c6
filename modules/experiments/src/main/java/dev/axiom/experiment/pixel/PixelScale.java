package dev.axiom.experiment.pixel;

import java.util.List;

/**
 * How big a pixel-prior run is: epochs per training, the λ grid, the seeds of the final models,
 * the test images the attribution smoothness is measured on and the EG references per image,
 * the noise levels, and whether the full Fashion-MNIST set is used (else the embedded subset).
 */
record PixelScale(
        String name,
        boolean fullData,
        int epochs,
        List<Double> lambdas,
        int seeds,
        int tvImages,
        int references,
        List<Double> sigmas,
        int panelImages) {

    static PixelScale quick() {
        return new PixelScale("quick", false, 4, List.of(1e-3, 1e-2, 1e-1), 2, 100, 50,
                List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5), 6);
    }

    static PixelScale full() {
        return new PixelScale("full", true, 5, List.of(1e-4, 1e-3, 1e-2, 1e-1, 1.0), 3, 500, 100,
                List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5), 8);
    }

    /** Seconds, for the smoke test: one epoch, one λ, few images. */
    static PixelScale tiny() {
        return new PixelScale("tiny", false, 1, List.of(1e-2), 1, 8, 4, List.of(0.0, 0.3), 2);
    }

    PixelScale withSeeds(int n) {
        return n <= 0 ? this : new PixelScale(name, fullData, epochs, lambdas, n, tvImages, references, sigmas, panelImages);
    }
}
