package dev.axiom.runtime.stream;

import dev.axiom.data.Dataset;
import dev.axiom.train.TrainingLoop;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The data loader: a Pekko Streams source of shuffled batches in the training loop's order (the
 * same seeded epoch permutations), whose rows are copied out ahead of the workers behind an async
 * boundary and a buffer {@code prefetch} deep, so loading overlaps compute and back-pressure keeps
 * at most that many batches in memory.
 */
public final class BatchStream {

    private BatchStream() {}

    /**
     * The batches of epochs {@code [fromEpoch, loop.epochs())} of {@code train}, starting at batch
     * {@code fromBatch} of the first (for a resumed run).
     */
    public static Source<LoadedBatch, NotUsed> epochs(
            Dataset train, TrainingLoop loop, int fromEpoch, int fromBatch, int prefetch) {
        int n = train.size();
        int batches = loop.batchesPerEpoch(n);
        if (fromEpoch >= loop.epochs() || batches == 0) {
            return Source.empty();
        }
        return Source.range(fromEpoch, loop.epochs() - 1)
                .flatMapConcat(
                        epoch -> {
                            int first = epoch == fromEpoch ? fromBatch : 0;
                            if (first >= batches) {
                                return Source.<LoadedBatch>empty();
                            }
                            int[] order = TrainingLoop.epochOrder(loop.seed(), epoch, n);
                            return Source.range(first, batches - 1)
                                    .map(b -> load(train, epoch, b, TrainingLoop.batchOf(order, b, loop.batchSize())));
                        })
                .async()
                .buffer(prefetch, OverflowStrategy.backpressure());
    }

    private static LoadedBatch load(Dataset train, int epoch, int batch, int[] indices) {
        return new LoadedBatch(epoch, batch, indices, train.subset(indices));
    }
}
