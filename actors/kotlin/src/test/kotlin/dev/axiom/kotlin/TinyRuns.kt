package dev.axiom.kotlin

import java.nio.file.Files
import java.nio.file.Path
import java.util.Random

/** A small table and run settings that train in a few seconds on one thread. */
internal object TinyRuns {

    /** Writes 200 rows of 6 Gaussian features `x0..x5` and a class label `y` (the sign of `x0 + x1`) to [dir]. */
    fun table(dir: Path): Path {
        val rng = Random(11)
        val lines = mutableListOf("x0,x1,x2,x3,x4,x5,y")
        repeat(200) {
            val x = DoubleArray(6) { rng.nextGaussian() }
            val y = if (x[0] + x[1] > 0) 1 else 0
            lines += x.joinToString(",") { "%.5f".format(java.util.Locale.ROOT, it) } + ",$y"
        }
        return Files.write(dir.resolve("table.csv"), lines)
    }

    /** An MLP with a Gini prior on [table], [epochs] epochs of batches of 20. */
    fun spec(table: Path, epochs: Int): RunSpec = axiomRun {
        seed = 3
        data { csv(table); labelColumn = "y"; labelKind = LabelKind.CLASS }
        model { mlp(16, 8) }
        train { this.epochs = epochs; batchSize = 20; threads = 1; learningRate = 0.01 }
        attribution { references = 1 }
        prior { gini(weight = 0.01) }
    }
}
