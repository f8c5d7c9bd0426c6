package dev.axiom.dashboard.service;

import dev.axiom.run.TrainingJob;
import dev.axiom.runtime.events.TrainingEvent;
import dev.axiom.train.StepReport;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Whether a training run is proceeding, for a readiness probe: ready while updates keep coming;
 * not ready, with the reason, while paused, after training ended, or when no update completed
 * for longer than the stall limit (counted from the start until the first update).
 */
public final class Readiness implements Consumer<TrainingEvent>, TrainingJob.Observer {

    /**
     * The answer of a probe.
     *
     * @param ready whether the run is proceeding
     * @param reason what the probe saw, in words
     */
    public record Status(boolean ready, String reason) {}

    private final Duration stallAfter;
    private final LongSupplier nanoTime;
    private final long started;
    private volatile long lastStepAt;
    private volatile long lastStep = -1;
    private volatile String stopped;
    private volatile boolean paused;

    /** Readiness with a stall limit, on the system clock. */
    public Readiness(Duration stallAfter) {
        this(stallAfter, System::nanoTime);
    }

    /** Readiness with a stall limit, on {@code nanoTime} (for tests). */
    public Readiness(Duration stallAfter, LongSupplier nanoTime) {
        this.stallAfter = stallAfter;
        this.nanoTime = nanoTime;
        this.started = nanoTime.getAsLong();
        this.lastStepAt = started;
    }

    /** The probe's answer now. */
    public Status status() {
        if (stopped != null) {
            return new Status(false, stopped);
        }
        if (paused) {
            return new Status(false, "paused at step " + Math.max(lastStep, 0));
        }
        double idle = (nanoTime.getAsLong() - lastStepAt) / 1e9;
        String where = lastStep < 0 ? "no step completed yet" : "last step " + lastStep;
        if (idle > stallAfter.toNanos() / 1e9) {
            return new Status(false, String.format("stalled: no step completed for %.0f s (limit %d s); %s",
                    idle, stallAfter.toSeconds(), where));
        }
        return new Status(true, String.format("training: %s, %.1f s ago", where, idle));
    }

    /** Training ended (also heard as an event from the runtime). */
    public void finished(String how) {
        stopped = how;
    }

    @Override
    public void stepped(StepReport report) {
        lastStep = report.step();
        lastStepAt = nanoTime.getAsLong();
    }

    @Override
    public void accept(TrainingEvent event) {
        if (event instanceof TrainingEvent.Paused) {
            paused = true;
        } else if (event instanceof TrainingEvent.Resumed) {
            lastStepAt = nanoTime.getAsLong(); // a pause is not a stall
            paused = false;
        } else if (event instanceof TrainingEvent.Finished f) {
            finished("training " + (f.stoppedBeforeTheEnd() ? "stopped" : "finished") + " at step " + f.step());
        } else if (event instanceof TrainingEvent.Failed f) {
            finished("training failed at step " + f.step() + ": " + f.message());
        }
    }
}
