package dev.axiom.runtime.references;

import dev.axiom.data.Dataset;
import dev.axiom.tensor.Rng;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The reference sampler: keeps a reservoir (Algorithm R, uniform over every row it was offered) of
 * the training data and draws the expected-gradients references of each shard from it, seeded by
 * the shard, for objectives whose references come from the training set rather than the shifted
 * batch. A finite training set that fits the reservoir is held whole; an unbounded source is
 * sampled uniformly over everything it has delivered.
 */
public final class ReferenceSampler {

    private ReferenceSampler() {}

    /** Messages. */
    public sealed interface Command {}

    /** Rows to add to the reservoir. */
    public record Offer(Dataset rows) implements Command {}

    /** {@code count} references, drawn uniformly with replacement with the generator of {@code seed}. */
    public record Draw(long step, int shard, int count, long seed, ActorRef<Drawn> replyTo) implements Command {}

    /** The drawn references, row after row (null if the reservoir is empty). */
    public record Drawn(long step, int shard, float[] rows) {}

    /** A sampler holding at most {@code capacity} rows, replacing them with the generator of {@code seed}. */
    public static Behavior<Command> create(int capacity, long seed) {
        return Behaviors.setup(context -> {
            List<float[]> reservoir = new ArrayList<>();
            Rng rng = new Rng(seed);
            long[] seen = {0};
            return Behaviors.receive(Command.class)
                    .onMessage(Offer.class, o -> {
                        Dataset d = o.rows();
                        int p = d.featureCount();
                        float[] all = d.featureArray();
                        for (int i = 0; i < d.size(); i++) {
                            float[] row = java.util.Arrays.copyOfRange(all, i * p, (i + 1) * p);
                            seen[0]++;
                            if (reservoir.size() < capacity) {
                                reservoir.add(row);
                            } else {
                                long j = (long) (rng.nextDouble() * seen[0]);
                                if (j < capacity) {
                                    reservoir.set((int) j, row);
                                }
                            }
                        }
                        return Behaviors.same();
                    })
                    .onMessage(Draw.class, d -> {
                        if (reservoir.isEmpty()) {
                            d.replyTo().tell(new Drawn(d.step(), d.shard(), null));
                            return Behaviors.same();
                        }
                        Rng draws = new Rng(d.seed());
                        int p = reservoir.get(0).length;
                        float[] out = new float[d.count() * p];
                        for (int r = 0; r < d.count(); r++) {
                            System.arraycopy(reservoir.get(draws.nextInt(reservoir.size())), 0, out, r * p, p);
                        }
                        d.replyTo().tell(new Drawn(d.step(), d.shard(), out));
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
