package dev.axiom.bench.load;

import java.time.Duration;
import java.util.Random;

/**
 * When a reconnecting client drops its connection: after each connection opens, at a random line
 * of the body (uniform in 1..{@code lineSpan}, so often in the middle of an event) or after a
 * random time (uniform in 0..{@code timeSpan}), whichever comes first, at most {@code maxDrops}
 * times; then it reconnects after a random pause (uniform in 0..{@code pause}). Seeded per client,
 * so a run can be repeated.
 *
 * @param maxDrops connections dropped at most
 * @param lineSpan largest line number at which to drop
 * @param timeSpan longest time after which to drop
 * @param pause longest pause before reconnecting
 */
public record DropPlan(int maxDrops, int lineSpan, Duration timeSpan, Duration pause) {

    /** Validates. */
    public DropPlan {
        if (maxDrops < 1 || lineSpan < 1 || timeSpan.isNegative() || pause.isNegative()) {
            throw new IllegalArgumentException("drop plan needs maxDrops ≥ 1, lineSpan ≥ 1, times ≥ 0: " + this);
        }
    }

    /** One connection's drop: the line and the time, drawn from {@code random}. */
    Drop draw(Random random) {
        return new Drop(1 + random.nextInt(lineSpan), (long) (random.nextDouble() * timeSpan.toMillis()),
                (long) (random.nextDouble() * pause.toMillis()));
    }

    /** A drawn drop: at line {@code line} or after {@code afterMillis}, then reconnect after {@code pauseMillis}. */
    record Drop(int line, long afterMillis, long pauseMillis) {}
}
