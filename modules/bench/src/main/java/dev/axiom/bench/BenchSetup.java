package dev.axiom.bench;

import ai.djl.ndarray.NDManager;
import dev.axiom.data.Batch;
import dev.axiom.nn.Network;
import dev.axiom.train.TrainingLoop;
import java.util.List;

/**
 * A ready-to-step configuration, closed together: the network and either its training loop with
 * fixed batches or an explanation of one fixed batch ({@code loop} is then null).
 */
public record BenchSetup(
        Network network, TrainingLoop loop, List<Batch> batches, Runnable explanation, NDManager data, AutoCloseable extra)
        implements AutoCloseable {

    /** Runs training step {@code i} on fixed batch {@code i mod 8}, or the whole explanation. */
    public void step(int i) {
        if (loop == null) {
            explanation.run();
        } else {
            loop.step(batches.get(i % batches.size()));
        }
    }

    /** The samples one step processes. */
    public int samplesPerStep() {
        return batches.get(0).size();
    }

    @Override
    public void close() {
        if (loop != null) {
            loop.close();
        }
        network.close();
        data.close();
        if (extra != null) {
            try {
                extra.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
