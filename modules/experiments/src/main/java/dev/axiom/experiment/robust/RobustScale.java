package dev.axiom.experiment.robust;

import java.util.Map;

/**
 * How big a robust-attribution run is. Training: data (the full Fashion-MNIST set or the embedded
 * subset), the fraction of the training split held out for validation (the rest is trained on),
 * epochs, the inner maximisation (steps, step size) and the IG points of the loss and of the
 * ascent. Evaluation: how many test images are attacked, the PGD attack's steps, and the
 * attribution attack's steps and restarts. ε = 0.1, k = 100, λ = 1 and β = 0.1 are the paper's.
 */
record RobustScale(
        String name,
        boolean fullData,
        double validationFraction,
        int epochs,
        double learningRate,
        int trainSteps,
        double trainStepSize,
        int igSteps,
        int attackIgSteps,
        int evalImages,
        int pgdSteps,
        int attackSteps,
        int attackRestarts,
        int evalIgSteps,
        int seeds,
        int panelImages) {

    static final double EPSILON = 0.1;
    static final int TOP_K = 100;
    static final double LAMBDA = 1.0;
    static final double BETA = 0.1;
    static final double PGD_STEP = 0.01;
    static final double ATTACK_STEP = 0.01;
    /** IG points inside the evaluation's attribution attack (the paper's m = 10). */
    static final int EVAL_ATTACK_IG_STEPS = 10;

    /** About 6 minutes on 2 cores (measured 6 min 05 s): the embedded subset, 3 epochs, a 3-step inner maximisation. */
    static RobustScale quick() {
        return new RobustScale("quick", false, 0.1, 3, 1e-3, 3, 0.05, 8, 4, 50, 10, 10, 1, 100, 1, 4);
    }

    /**
     * The committed run (about 40 minutes on 2 shared cores): the embedded subset, 6 epochs, 4
     * ascent steps of 0.05 with m = 8 / 4, 200 evaluation images, 20 PGD and 20 attack steps.
     */
    static RobustScale full() {
        return new RobustScale("full", false, 0.1, 6, 1e-3, 4, 0.05, 8, 4, 200, 20, 20, 1, 100, 1, 4);
    }

    /** Seconds, for the smoke test: 500 training images, 1 epoch, 1 ascent step, 6 attacked images. */
    static RobustScale tiny() {
        return new RobustScale("tiny", false, 0.75, 1, 1e-3, 1, 0.1, 2, 2, 6, 2, 2, 1, 10, 1, 2);
    }

    /**
     * This scale with {@code params} applied ({@code epochs}, {@code train-steps},
     * {@code ig-steps}, {@code attack-ig-steps}, {@code eval-images}, {@code attack-steps},
     * {@code attack-restarts}, {@code seeds}, {@code full-data} = true/false); an unknown key is an
     * error naming the known ones.
     */
    RobustScale with(Map<String, String> params) {
        RobustScale s = this;
        for (Map.Entry<String, String> p : params.entrySet()) {
            String v = p.getValue().trim();
            try {
                s = switch (p.getKey()) {
                    case "epochs" -> s.copy(Integer.parseInt(v), s.trainSteps, s.igSteps, s.attackIgSteps, s.evalImages, s.attackSteps, s.attackRestarts, s.seeds, s.fullData);
                    case "train-steps" -> s.copy(s.epochs, Integer.parseInt(v), s.igSteps, s.attackIgSteps, s.evalImages, s.attackSteps, s.attackRestarts, s.seeds, s.fullData);
                    case "ig-steps" -> s.copy(s.epochs, s.trainSteps, Integer.parseInt(v), s.attackIgSteps, s.evalImages, s.attackSteps, s.attackRestarts, s.seeds, s.fullData);
                    case "attack-ig-steps" -> s.copy(s.epochs, s.trainSteps, s.igSteps, Integer.parseInt(v), s.evalImages, s.attackSteps, s.attackRestarts, s.seeds, s.fullData);
                    case "eval-images" -> s.copy(s.epochs, s.trainSteps, s.igSteps, s.attackIgSteps, Integer.parseInt(v), s.attackSteps, s.attackRestarts, s.seeds, s.fullData);
                    case "attack-steps" -> s.copy(s.epochs, s.trainSteps, s.igSteps, s.attackIgSteps, s.evalImages, Integer.parseInt(v), s.attackRestarts, s.seeds, s.fullData);
                    case "attack-restarts" -> s.copy(s.epochs, s.trainSteps, s.igSteps, s.attackIgSteps, s.evalImages, s.attackSteps, Integer.parseInt(v), s.seeds, s.fullData);
                    case "seeds" -> s.withSeeds(Integer.parseInt(v));
                    case "full-data" -> s.copy(s.epochs, s.trainSteps, s.igSteps, s.attackIgSteps, s.evalImages, s.attackSteps, s.attackRestarts, s.seeds, parseBoolean(v));
                    default -> throw new IllegalArgumentException("the robust experiment has no parameter '" + p.getKey()
                            + "'; it knows epochs, train-steps, ig-steps, attack-ig-steps, eval-images, attack-steps,"
                            + " attack-restarts, seeds, full-data");
                };
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--param " + p.getKey() + "=" + v + " is not a number", e);
            }
        }
        if (s.epochs < 1 || s.trainSteps < 1 || s.igSteps < 1 || s.attackIgSteps < 1 || s.evalImages < 1
                || s.attackSteps < 1 || s.attackRestarts < 1 || s.seeds < 1) {
            throw new IllegalArgumentException("robust scale out of range: " + s);
        }
        return s;
    }

    RobustScale withSeeds(int n) {
        return n <= 0 ? this : copy(epochs, trainSteps, igSteps, attackIgSteps, evalImages, attackSteps, attackRestarts, n, fullData);
    }

    private RobustScale copy(int epochs, int trainSteps, int igSteps, int attackIgSteps, int evalImages,
            int attackSteps, int attackRestarts, int seeds, boolean fullData) {
        return new RobustScale(name, fullData, fullData ? 0.05 : validationFraction, epochs, fullData ? 1e-4 : learningRate,
                trainSteps, trainStepSize, igSteps, attackIgSteps, evalImages, pgdSteps, attackSteps, attackRestarts,
                evalIgSteps, seeds, panelImages);
    }

    private static boolean parseBoolean(String v) {
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("--param full-data=" + v + " must be true or false");
        }
        return Boolean.parseBoolean(v);
    }
}
