package dev.axiom.experiment.robust;

import java.util.Map;

/**
 * How big a robust-attribution run is. Training: data (the full Fashion-MNIST set or the embedded
 * subset), the fraction of the training split held out for validation (the rest is trained on),
 * epochs, the inner maximisation (steps, step size) and the IG points of the loss and of the
 * ascent. Evaluation: the test images PGD attacks, how many correctly classified test images the
 * attribution attack takes (in test order, in units of {@code chunk} images), its steps, restarts
 * and IG points, and the IG points of the saliency maps scored. ε = 0.1, k = 100, λ = 1 and β = 0.1
 * are the paper's.
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
        int pgdImages,
        int pgdSteps,
        int attackImages,
        int attackSteps,
        int attackRestarts,
        int evalAttackIgSteps,
        int evalIgSteps,
        int chunk,
        int seeds,
        int panelImages) {

    static final double EPSILON = 0.1;
    /** The attack's k and the scored k (both 100 in Chen et al.'s Fashion-MNIST configuration). */
    static final int TOP_K = 100;
    static final double LAMBDA = 1.0;
    static final double BETA = 0.1;
    static final double PGD_STEP = 0.01;
    static final double ATTACK_STEP = 0.01;

    /**
     * Chen et al.'s evaluation of Fashion-MNIST models, as their published code sets it
     * ({@code Fashion-MNIST/config.json}, {@code eval_attribution_attack.py}, {@code ig_attack.py}
     * of {@code jfc43/robust-attribution-regularization}): PGD of 20 steps of 0.01 with a random
     * start; the top-k attack with k = 100 (attack and score), 100 sign steps of 0.01, 3 attack runs
     * kept by the lowest Kendall's tau, IG with 100 points inside the attack and for the scored maps.
     */
    static final String PAPER_ATTACK = "20 PGD steps of 0.01 (random start); top-k attack with k = 100 (attacked and scored), "
            + "100 steps of 0.01, 3 runs, worst by Kendall's tau, IG with 100 points in the attack and in the scored maps";

    /** About 6 minutes on 2 cores: the embedded subset, 3 epochs, a 3-step inner maximisation, a cheap attack. */
    static RobustScale quick() {
        return new RobustScale("quick", false, 0.1, 3, 1e-3, 3, 0.05, 8, 4, 50, 10, 40, 10, 1, 10, 100, 20, 1, 4);
    }

    /**
     * The full Fashion-MNIST set, 1 epoch of the cheaper inner maximisation (4 ascent steps of 0.05,
     * m = 8 / 4), and the evaluation at the strength of Chen et al.'s code on 500 correctly
     * classified test images per model, PGD on the first 1,000 test images; runs over several
     * invocations.
     */
    static RobustScale full() {
        return new RobustScale("full", true, 0.05, 1, 1e-4, 4, 0.05, 8, 4, 1000, 20, 500, 100, 3, 100, 100, 10, 1, 4);
    }

    /** Seconds, for the smoke test: 500 training images, 1 epoch, 1 ascent step, 6 attacked images. */
    static RobustScale tiny() {
        return new RobustScale("tiny", false, 0.75, 1, 1e-3, 1, 0.1, 2, 2, 8, 2, 6, 2, 1, 4, 10, 4, 1, 2);
    }

    /** Whether the evaluation is the one of Chen et al.'s code. */
    boolean paperAttack() {
        return pgdSteps == 20 && attackSteps == 100 && attackRestarts == 3 && evalAttackIgSteps == 100 && evalIgSteps == 100;
    }

    /**
     * This scale with {@code params} applied ({@code epochs}, {@code train-steps}, {@code ig-steps},
     * {@code attack-ig-steps}, {@code pgd-images}, {@code attack-images}, {@code attack-steps},
     * {@code attack-restarts}, {@code eval-attack-ig-steps}, {@code seeds}, {@code full-data} =
     * true/false); an unknown key is an error naming the known ones.
     */
    RobustScale with(Map<String, String> params) {
        RobustScale s = this;
        for (Map.Entry<String, String> p : params.entrySet()) {
            String v = p.getValue().trim();
            try {
                s = switch (p.getKey()) {
                    case "full-data" -> s.withData(parseBoolean(v));
                    case "seeds" -> s.withSeeds(Integer.parseInt(v));
                    default -> s.withNumber(p.getKey(), Integer.parseInt(v));
                };
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--param " + p.getKey() + "=" + v + " is not a number", e);
            }
        }
        if (s.epochs < 1 || s.trainSteps < 1 || s.igSteps < 1 || s.attackIgSteps < 1 || s.pgdImages < 1 || s.attackImages < 1
                || s.attackSteps < 1 || s.attackRestarts < 1 || s.evalAttackIgSteps < 1 || s.seeds < 1) {
            throw new IllegalArgumentException("robust scale out of range: " + s);
        }
        return s;
    }

    private RobustScale withNumber(String key, int n) {
        int[] v = {epochs, trainSteps, igSteps, attackIgSteps, pgdImages, attackImages, attackSteps, attackRestarts, evalAttackIgSteps};
        int at = NUMBERS.indexOf(key);
        if (at < 0) {
            throw new IllegalArgumentException("the robust experiment has no parameter '" + key + "'; it knows "
                    + String.join(", ", RobustExperiment.PARAMETERS));
        }
        v[at] = n;
        return new RobustScale(name, fullData, validationFraction, v[0], learningRate, v[1], trainStepSize, v[2], v[3],
                v[4], pgdSteps, v[5], v[6], v[7], v[8], evalIgSteps, chunk, seeds, panelImages);
    }

    /** The whole-number parameters, in the order {@link #withNumber} keeps them. */
    private static final java.util.List<String> NUMBERS = java.util.List.of("epochs", "train-steps", "ig-steps",
            "attack-ig-steps", "pgd-images", "attack-images", "attack-steps", "attack-restarts", "eval-attack-ig-steps");

    RobustScale withSeeds(int n) {
        return n <= 0 ? this : new RobustScale(name, fullData, validationFraction, epochs, learningRate, trainSteps, trainStepSize, igSteps,
                attackIgSteps, pgdImages, pgdSteps, attackImages, attackSteps, attackRestarts, evalAttackIgSteps, evalIgSteps, chunk, n, panelImages);
    }

    /** The full set (5 % held out, learning rate 1e-4) or the embedded subset (this scale's split and rate). */
    private RobustScale withData(boolean full) {
        return new RobustScale(name, full, full ? 0.05 : validationFraction, epochs, full ? 1e-4 : learningRate, trainSteps, trainStepSize,
                igSteps, attackIgSteps, pgdImages, pgdSteps, attackImages, attackSteps, attackRestarts, evalAttackIgSteps, evalIgSteps, chunk,
                seeds, panelImages);
    }

    private static boolean parseBoolean(String v) {
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("--param full-data=" + v + " must be true or false");
        }
        return Boolean.parseBoolean(v);
    }
}
