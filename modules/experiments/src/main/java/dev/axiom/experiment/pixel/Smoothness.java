package dev.axiom.experiment.pixel;

/** Total variation of attribution maps, the paper's measure of their smoothness. */
final class Smoothness {

    private Smoothness() {}

    /**
     * The total variation {@code Σ|φ(i+1,j) − φ(i,j)| + Σ|φ(i,j+1) − φ(i,j)|} of an {@code h × w}
     * map (row-major) after scaling it to unit L1 norm, so that maps of models whose outputs have
     * different scales compare; 0 for an all-zero map.
     */
    static double normalisedTotalVariation(float[] map, int h, int w) {
        double l1 = 0;
        for (float v : map) {
            l1 += Math.abs(v);
        }
        if (l1 == 0) {
            return 0;
        }
        double tv = 0;
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                float v = map[i * w + j];
                if (i + 1 < h) {
                    tv += Math.abs(map[(i + 1) * w + j] - v);
                }
                if (j + 1 < w) {
                    tv += Math.abs(map[i * w + j + 1] - v);
                }
            }
        }
        return tv / l1;
    }
}
