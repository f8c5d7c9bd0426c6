package dev.axiom.runtime.trainer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The trainer's workers by slot: the slot is the trainer's name for a worker (the {@code worker}
 * of events and replies), bound to the worker's current address {@code R} (an actor reference),
 * with its incarnations (names of the actors spawned for it), restarts, and the node it runs on.
 *
 * <p>Slots {@code 0 … local−1} are the local workers, made with the pool; a worker on another node
 * is admitted with {@link #admitRemote}, which gives it the next unused slot (slots are never
 * reused, so a late reply from a lost worker cannot be taken for a newcomer's), and leaves with
 * {@link #remove}. Without {@code elastic}, at most {@code remote} remote workers are ever admitted,
 * the ones training starts with; with it, remote workers are admitted at any time. Training starts
 * once {@code local + remote} workers are {@linkplain #ready ready}; a worker ready for the first
 * time after that has joined the running cluster.
 *
 * @param <R> how a worker is addressed
 */
final class WorkerPool<R> {

    /** What a worker's {@link #ready} announcement means. */
    enum Readiness {
        /** A first announcement; training waits for more workers. */
        WAITING,
        /** The announcement training waited for: every expected worker is ready. */
        COMPLETE,
        /** A first announcement after training started: the worker joined the running cluster. */
        JOINED,
        /** A worker announced itself again: its supervisor restarted it, or it was replaced. */
        RESTARTED
    }

    private static final class Slot<R> {
        final String node;
        final boolean local;
        R ref;
        int incarnations;
        int restarts;
        boolean ready;

        Slot(String node, boolean local) {
            this.node = node;
            this.local = local;
        }
    }

    private final int local;
    private final int expected;
    private final int remoteLimit;
    private final Map<Integer, Slot<R>> slots = new TreeMap<>();
    private final Set<Object> remotesSeen = new HashSet<>();
    private int nextSlot;
    private int readyCount;
    private boolean started;

    /**
     * A pool of {@code local} local workers (slots {@code 0 … local−1}) that waits for
     * {@code remote} remote workers before training and, if {@code elastic}, admits more at any time.
     */
    WorkerPool(int local, int remote, boolean elastic) {
        if (local < 1 || remote < 0) {
            throw new IllegalArgumentException("a pool needs at least one local worker and no negative number of remote ones, got "
                    + local + " and " + remote);
        }
        this.local = local;
        this.expected = local + remote;
        this.remoteLimit = elastic ? Integer.MAX_VALUE : remote;
        for (int w = 0; w < local; w++) {
            slots.put(nextSlot++, new Slot<>("local", true));
        }
    }

    /** The slots of the local workers. */
    List<Integer> localSlots() {
        List<Integer> out = new ArrayList<>();
        for (int w = 0; w < local; w++) {
            out.add(w);
        }
        return out;
    }

    /**
     * Admits the remote worker {@code identity} on {@code node}: its new slot, or empty if it was
     * admitted before (even if lost since) or the pool takes no more remote workers.
     */
    Optional<Integer> admitRemote(Object identity, String node) {
        if (remotesSeen.contains(identity) || remotesSeen.size() >= remoteLimit) {
            return Optional.empty();
        }
        remotesSeen.add(identity);
        int slot = nextSlot++;
        slots.put(slot, new Slot<>(node, false));
        return Optional.of(slot);
    }

    /** Binds {@code slot} to {@code ref}, the actor just spawned for it; returns the spawn's incarnation (0, 1, …). */
    int bind(int slot, R ref) {
        Slot<R> s = slot(slot);
        s.ref = ref;
        return s.incarnations++;
    }

    /** The next incarnation number of {@code slot}, the one {@link #bind} will return. */
    int nextIncarnation(int slot) {
        return slot(slot).incarnations;
    }

    /** The worker at {@code slot} announced itself at {@code ref}; what that means. */
    Readiness ready(int slot, R ref) {
        Slot<R> s = slot(slot);
        s.ref = ref;
        if (s.ready) {
            s.restarts++;
            return Readiness.RESTARTED;
        }
        s.ready = true;
        readyCount++;
        if (started) {
            return Readiness.JOINED;
        }
        if (readyCount >= expected) {
            started = true;
            return Readiness.COMPLETE;
        }
        return Readiness.WAITING;
    }

    /** Whether every worker training waits for has been ready (training has started). */
    boolean started() {
        return started;
    }

    /** Takes {@code slot} out of the pool (its node left); returns the node it ran on. */
    String remove(int slot) {
        Slot<R> s = slot(slot);
        slots.remove(slot);
        if (s.ready) {
            readyCount--;
        }
        return s.node;
    }

    /** Whether {@code slot} is in the pool. */
    boolean contains(int slot) {
        return slots.containsKey(slot);
    }

    /** Whether {@code slot} is a local worker's. */
    boolean isLocal(int slot) {
        return slot(slot).local;
    }

    /** The worker's current address. */
    R ref(int slot) {
        R ref = slot(slot).ref;
        if (ref == null) {
            throw new IllegalStateException("worker " + slot + " has no actor bound yet");
        }
        return ref;
    }

    /** The node the worker at {@code slot} runs on ({@code local} for the trainer's own). */
    String node(int slot) {
        return slot(slot).node;
    }

    /** Times the worker at {@code slot} announced itself again. */
    int restarts(int slot) {
        return slot(slot).restarts;
    }

    /** The slots of the workers that are in the pool and have been ready, in ascending order. */
    List<Integer> live() {
        List<Integer> out = new ArrayList<>();
        slots.forEach((slot, s) -> {
            if (s.ready) {
                out.add(slot);
            }
        });
        return out;
    }

    private Slot<R> slot(int slot) {
        Slot<R> s = slots.get(slot);
        if (s == null) {
            throw new IllegalArgumentException("no worker " + slot + " in the pool (slots: " + slots.keySet() + ")");
        }
        return s;
    }
}
