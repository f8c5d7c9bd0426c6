package dev.axiom.experiment.sparsity;

import java.util.Arrays;

/**
 * How big the sparsity experiment is.
 *
 * @param replicates random subsamples, each training every model once
 * @param tuneReplicates the first replicates, on which λ is chosen by mean validation ROC-AUC
 * @param grid the λ values tried for every regularised model
 * @param hidden the MLP's hidden layer widths
 * @param epochs full-batch epochs (= SGD steps)
 * @param learningRate SGD learning rate
 * @param momentum SGD momentum
 * @param trainReferences EG references per sample in each training step (EG models)
 * @param explainSamples test samples whose EG attributions give the reported {@code φ̄}
 * @param explainReferences EG references per explained sample
 * @param trainSize training rows per replicate
 * @param validationSize validation rows per replicate
 */
public record SparsityScale(
        int replicates,
        int tuneReplicates,
        double[] grid,
        int[] hidden,
        int epochs,
        double learningRate,
        double momentum,
        int trainReferences,
        int explainSamples,
        int explainReferences,
        int trainSize,
        int validationSize) {

    /** Checks the values. */
    public SparsityScale {
        if (replicates < 2 || tuneReplicates < 1 || tuneReplicates > replicates) {
            throw new IllegalArgumentException("need replicates >= 2 and 1 <= tuneReplicates <= replicates, got "
                    + replicates + " and " + tuneReplicates);
        }
        if (grid.length == 0 || Arrays.stream(grid).anyMatch(l -> !(l > 0) || Double.isInfinite(l))) {
            throw new IllegalArgumentException("the λ grid must be non-empty and positive, got " + Arrays.toString(grid));
        }
        if (epochs < 1 || trainReferences < 1 || explainSamples < 1 || explainReferences < 1) {
            throw new IllegalArgumentException("epochs, references and explained samples must be positive");
        }
        grid = grid.clone();
        hidden = hidden.clone();
    }

    /** This scale with {@code n} replicates (tuning replicates capped at {@code n}). */
    public SparsityScale withReplicates(int n) {
        return new SparsityScale(n, Math.min(tuneReplicates, n), grid, hidden, epochs, learningRate, momentum,
                trainReferences, explainSamples, explainReferences, trainSize, validationSize);
    }

    /** A one-line description for the report. */
    public String describe() {
        return replicates + " replicates; λ chosen on the first " + tuneReplicates + " over " + grid.length
                + " log-spaced values " + String.format(java.util.Locale.ROOT, "%.0e..%.0e", grid[0], grid[grid.length - 1])
                + "; MLP " + Arrays.toString(hidden) + " ReLU; SGD lr " + learningRate + " momentum " + momentum + ", "
                + epochs + " full-batch epochs; EG k = " + trainReferences + " in training; φ̄ from EG with k = "
                + explainReferences + " on " + explainSamples + " test samples; " + trainSize + " training / "
                + validationSize + " validation rows";
    }
}
