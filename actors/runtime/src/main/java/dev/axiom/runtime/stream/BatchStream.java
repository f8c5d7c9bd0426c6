package dev.axiom.runtime.stream;

import dev.axiom.data.Dataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
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
                                    .map(b -> load(train, epoch, b, TrainingLoop.batchOf(order, b, loop.batchSize()), b == batches - 1));
                        })
                .async()
                .buffer(prefetch, OverflowStrategy.backpressure());
    }

    /**
     * An unbounded source: every shard {@code shards} delivers, from shard {@code fromShard} and its
     * batch {@code fromBatch} on (for a resumed run), shuffled like an epoch of the loop (shard
     * {@code k} with the permutation of epoch {@code k}) and cut into batches; shard {@code k} is
     * epoch {@code k}.
     */
    public static Source<LoadedBatch, NotUsed> shards(
            Source<Dataset, ?> shards, TrainingLoop loop, int fromShard, int fromBatch, int prefetch) {
        return shards.zipWithIndex()
                .filter(p -> p.second() >= fromShard)
                .flatMapConcat(p -> {
                    Dataset shard = p.first();
                    int epoch = Math.toIntExact(p.second());
                    int batches = loop.batchesPerEpoch(shard.size());
                    int first = epoch == fromShard ? fromBatch : 0;
                    if (first >= batches) {
                        return Source.<LoadedBatch>empty();
                    }
                    int[] order = TrainingLoop.epochOrder(loop.seed(), epoch, shard.size());
                    return Source.range(first, batches - 1)
                            .map(b -> load(shard, epoch, b, TrainingLoop.batchOf(order, b, loop.batchSize()), b == batches - 1));
                })
                .async()
                .buffer(prefetch, OverflowStrategy.backpressure())
                .mapMaterializedValue(m -> NotUsed.getInstance());
    }

    /**
     * The files appearing in {@code directory}, each read once by {@code reader}, in order of their
     * names, listed every {@code poll}; never completes. A file is read once it has stopped growing
     * between two listings, so a shard still being written is not read half. Materialise it once.
     */
    public static Source<Dataset, NotUsed> watch(Path directory, Function<Path, Dataset> reader, Duration poll) {
        Set<Path> done = new HashSet<>();
        Map<Path, Long> sizes = new HashMap<>();
        return Source.tick(Duration.ZERO, poll, NotUsed.getInstance())
                .mapMaterializedValue(c -> NotUsed.getInstance())
                .mapConcat(tick -> {
                    List<Path> ready = new ArrayList<>();
                    try (Stream<Path> files = Files.list(directory)) {
                        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                            if (done.contains(f) || f.getFileName().toString().startsWith(".")) {
                                continue;
                            }
                            long size = Files.size(f);
                            if (Long.valueOf(size).equals(sizes.put(f, size))) {
                                done.add(f);
                                ready.add(f);
                            }
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot list the watched directory " + directory, e);
                    }
                    return ready;
                })
                .map(reader::apply);
    }

    private static LoadedBatch load(Dataset data, int epoch, int batch, int[] indices, boolean last) {
        return new LoadedBatch(epoch, batch, indices, data.subset(indices), last);
    }
}
