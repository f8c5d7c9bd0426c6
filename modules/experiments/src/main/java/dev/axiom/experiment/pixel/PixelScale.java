package dev.axiom.experiment.pixel;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

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
        return new PixelScale("quick", false, 4, List.of(1e-4, 1e-3, 1e-2), 2, 100, 50,
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

    /**
     * This scale with {@code params} applied: {@code epochs}, {@code lambdas} (comma-separated),
     * {@code seeds}, {@code tv-images}, {@code references}; an unknown key is an error naming the
     * known ones.
     */
    PixelScale with(Map<String, String> params) {
        PixelScale s = this;
        for (Map.Entry<String, String> p : params.entrySet()) {
            String v = p.getValue().trim();
            try {
                s = switch (p.getKey()) {
                    case "epochs" -> new PixelScale(s.name, s.fullData, Integer.parseInt(v), s.lambdas, s.seeds, s.tvImages, s.references, s.sigmas, s.panelImages);
                    case "lambdas" -> new PixelScale(s.name, s.fullData, s.epochs,
                            Arrays.stream(v.split(",")).map(String::trim).map(Double::parseDouble).toList(),
                            s.seeds, s.tvImages, s.references, s.sigmas, s.panelImages);
                    case "seeds" -> s.withSeeds(Integer.parseInt(v));
                    case "tv-images" -> new PixelScale(s.name, s.fullData, s.epochs, s.lambdas, s.seeds, Integer.parseInt(v), s.references, s.sigmas, s.panelImages);
                    case "references" -> new PixelScale(s.name, s.fullData, s.epochs, s.lambdas, s.seeds, s.tvImages, Integer.parseInt(v), s.sigmas, s.panelImages);
                    default -> throw new IllegalArgumentException("the pixel experiment has no parameter '" + p.getKey()
                            + "'; it knows epochs, lambdas, seeds, tv-images, references");
                };
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--param " + p.getKey() + "=" + v + " is not a number (list)", e);
            }
        }
        if (s.epochs < 1 || s.seeds < 1 || s.lambdas.isEmpty() || s.tvImages < 1 || s.references < 1) {
            throw new IllegalArgumentException("pixel scale out of range: " + s);
        }
        return s;
    }

    PixelScale withSeeds(int n) {
        return n <= 0 ? this : new PixelScale(name, fullData, epochs, lambdas, n, tvImages, references, sigmas, panelImages);
    }
}
