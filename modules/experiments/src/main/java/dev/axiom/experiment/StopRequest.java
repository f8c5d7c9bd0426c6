package dev.axiom.experiment;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A request from outside (a stop signal) that an experiment stop as it does at the end of its time
 * budget: no unit of work starts after it, a training under way stops at a checkpoint, and the
 * report says how far the run got and how to continue it.
 */
public final class StopRequest {

    /** An action registered with {@link #whenRequested}; closing it forgets the action. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private final AtomicReference<String> reason = new AtomicReference<>();
    private final List<Runnable> actions = new CopyOnWriteArrayList<>();

    /** Makes the request, saying why ("SIGTERM"); only the first request counts. */
    public void request(String why) {
        if (reason.compareAndSet(null, why)) {
            actions.forEach(Runnable::run);
        }
    }

    /** Why the stop was requested, if it was. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason.get());
    }

    /** Runs {@code action} when the request is made (at once if it was made already). */
    public Registration whenRequested(Runnable action) {
        actions.add(action);
        if (reason.get() != null) {
            action.run(); // may also run from request(): actions must bear a second call
        }
        return () -> actions.remove(action);
    }
}
