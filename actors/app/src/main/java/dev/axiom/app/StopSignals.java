package dev.axiom.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT as requests to stop after the current update: the first one runs the stop
 * action (the run then writes a checkpoint and returns), and the command exits with {@code 128 +}
 * the signal's number (143 for SIGTERM, 130 for SIGINT). If the run has not returned within the
 * bound, or a second signal comes, the process ends at once with the same code. Without these
 * handlers the JVM would start its shutdown at once and lose the step in progress.
 */
final class StopSignals implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);
    private static final Map<String, Integer> NUMBERS = Map.of("TERM", 15, "INT", 2);

    private final AtomicReference<String> received = new AtomicReference<>();
    private final Map<String, SignalHandler> previous = new ConcurrentHashMap<>();

    private StopSignals() {}

    /** Handles SIGTERM and SIGINT with {@code stop}, ending the process {@code bound} after the first. */
    static StopSignals install(Runnable stop, Duration bound) {
        return install(signal -> stop.run(), bound);
    }

    /** Like {@link #install(Runnable, Duration)}; {@code stop} hears the signal's name ("SIGTERM"). */
    static StopSignals install(Consumer<String> stop, Duration bound) {
        return install(stop, bound, "stopping after the current step and writing a checkpoint");
    }

    /** Like {@link #install(Consumer, Duration)}; the log line says the process is {@code doing} what {@code stop} starts. */
    static StopSignals install(Consumer<String> stop, Duration bound, String doing) {
        StopSignals signals = new StopSignals();
        for (String name : List.of("TERM", "INT")) {
            try {
                signals.previous.put(name, Signal.handle(new Signal(name), s -> signals.onSignal(name, stop, bound, doing)));
            } catch (IllegalArgumentException unavailable) {
                LOG.debug("cannot handle SIG{} here: {}", name, unavailable.getMessage());
            }
        }
        return signals;
    }

    private void onSignal(String name, Consumer<String> stop, Duration bound, String doing) {
        if (!received.compareAndSet(null, name)) {
            LOG.warn("second signal (SIG{}): ending at once", name);
            Runtime.getRuntime().halt(exitCode());
        }
        LOG.warn("SIG{}: {} (at most {} s; a second signal ends at once)", name, doing, bound.toSeconds());
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(bound.toMillis());
                LOG.error("not done within {} s of SIG{}; ending at once", bound.toSeconds(), name);
                Runtime.getRuntime().halt(exitCode());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "axiom-stop-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        stop.accept("SIG" + name);
    }

    /** Whether a stop signal came. */
    boolean received() {
        return received.get() != null;
    }

    /** The signal's name without "SIG", or null. */
    String signal() {
        return received.get();
    }

    /** {@code 128 +} the signal's number (143 for SIGTERM, 130 for SIGINT), or 0 without a signal. */
    int exitCode() {
        String name = received.get();
        return name == null ? 0 : 128 + NUMBERS.get(name);
    }

    /** Restores the handlers that were there before. */
    @Override
    public void close() {
        previous.forEach((name, handler) -> Signal.handle(new Signal(name), handler));
    }
}
