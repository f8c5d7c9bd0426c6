package dev.axiom.bench;

import ai.djl.ndarray.NDManager;
import dev.axiom.data.Batch;
import dev.axiom.nn.Network;
import dev.axiom.train.StepReport;
import dev.axiom.train.TrainingLoop;
import java.util.List;

/** A ready-to-step configuration: the network, its loop and fixed batches, closed together. */
public record BenchSetup(
        Network network, TrainingLoop loop, List<Batch> batches, NDManager data, AutoCloseable extra)
        implements AutoCloseable {

    /** Runs training step {@code i} on fixed batch {@code i mod 8}. */
    public StepReport step(int i) {
        return loop.step(batches.get(i % batches.size()));
    }

    @Override
    public void close() {
        loop.close();
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
