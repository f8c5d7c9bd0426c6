package dev.axiom.dashboard;

import dev.axiom.run.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Everything a run's dashboard has shown, in order: an append-only list of events numbered 1, 2, …
 * that any number of readers follow from any point, so a browser that reconnects gets exactly what
 * it missed. A finished run's journal is read from its {@code metrics.jsonl}; a live run's is
 * appended to as the run's events happen (and holds the same step and evaluation records as its
 * {@code metrics.jsonl}). Thread-safe.
 *
 * <p>Appending never runs a reader's code: waiting readers are woken on a thread of the journals'
 * own ({@code axiom-journal-wake}), so the thread that appends (the trainer's, in a live run) does
 * the same work whether no browser or hundreds follow the run.
 */
public final class RunJournal {

    /** Largest number of entries handed to a reader at once. */
    private static final int BATCH = 512;

    /** Wakes waiting readers, away from the appending thread; one daemon thread for every journal. */
    private static final Executor WAKER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "axiom-journal-wake");
        t.setDaemon(true);
        return t;
    });

    private final List<JournalEntry> entries = new ArrayList<>();
    private CompletableFuture<Void> appended = new CompletableFuture<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private int readers;
    private boolean closed;

    /**
     * Appends an event of {@code type} after update {@code step} with {@code fields} (which must
     * not hold {@code id}, {@code type} or {@code step}); returns it with its number.
     *
     * @throws IllegalStateException if the journal is closed
     */
    public JournalEntry append(String type, long step, Map<String, ?> fields) {
        return append(type, step, fields, false);
    }

    /**
     * Appends like {@link #append}, and replaces every earlier entry of {@code type} by a stub
     * ({@code "superseded": true}, same number, type and step): for big records of which only the
     * newest matters (attribution snapshots), so the journal of a long run stays small.
     */
    public JournalEntry appendSuperseding(String type, long step, Map<String, ?> fields) {
        return append(type, step, fields, true);
    }

    private JournalEntry append(String type, long step, Map<String, ?> fields, boolean superseding) {
        CompletableFuture<Void> wake;
        JournalEntry entry;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the journal is closed; cannot append '" + type + "'");
            }
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("id", entries.size() + 1L);
            record.put("type", type);
            record.put("step", step);
            fields.forEach((k, v) -> {
                if (!record.containsKey(k)) {
                    record.put(k, v);
                }
            });
            entry = JournalEntry.of(entries.size() + 1L, type, step, Json.line(record));
            if (superseding) {
                for (int i = 0; i < entries.size(); i++) {
                    JournalEntry old = entries.get(i);
                    if (old.type().equals(type)) {
                        entries.set(i, JournalEntry.of(old.id(), type, old.step(), Json.line(Map.of(
                                "id", old.id(), "type", type, "step", old.step(), "superseded", true))));
                    }
                }
            }
            entries.add(entry);
            wake = appended;
            appended = new CompletableFuture<>();
        }
        WAKER.execute(() -> wake.complete(null));
        return entry;
    }

    /** Appends like {@link #append}, unless the journal is closed (then nothing happens). */
    public Optional<JournalEntry> offer(String type, long step, Map<String, ?> fields) {
        try {
            return Optional.of(append(type, step, fields, false));
        } catch (IllegalStateException closedAlready) {
            return Optional.empty();
        }
    }

    /** Appends like {@link #appendSuperseding}, unless the journal is closed (then nothing happens). */
    public Optional<JournalEntry> offerSuperseding(String type, long step, Map<String, ?> fields) {
        try {
            return Optional.of(append(type, step, fields, true));
        } catch (IllegalStateException closedAlready) {
            return Optional.empty();
        }
    }

    /** Ends the journal: readers get what is in it and then complete. Idempotent. */
    public void close() {
        CompletableFuture<Void> wake;
        synchronized (this) {
            closed = true;
            wake = appended;
        }
        WAKER.execute(() -> wake.complete(null));
        checkDrained();
    }

    /**
     * Waits until the journal is closed and every reader's stream has ended (each has taken the
     * rest of the journal, or gone), at most {@code patience}: before a server stops, so open pages
     * receive the last events and the {@code end} instead of a cut connection. Returns whether
     * they all ended in time.
     */
    public boolean awaitReaders(Duration patience) {
        try {
            drained.get(patience.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Streams following the journal now. */
    public synchronized int readers() {
        return readers;
    }

    private void readerChanged(int delta) {
        synchronized (this) {
            readers += delta;
        }
        checkDrained();
    }

    private void checkDrained() {
        synchronized (this) {
            if (!closed || readers > 0) {
                return;
            }
        }
        drained.complete(null);
    }

    /** Whether the journal is closed. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** Number of entries. */
    public synchronized long size() {
        return entries.size();
    }

    /** The entries after number {@code id} (at most {@value #BATCH}), possibly none. */
    public synchronized List<JournalEntry> after(long id) {
        int from = (int) Math.max(0, Math.min(id, entries.size()));
        return List.copyOf(entries.subList(from, Math.min(entries.size(), from + BATCH)));
    }

    /** The newest entry of {@code type}. */
    public synchronized Optional<JournalEntry> latest(String type) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).type().equals(type)) {
                return Optional.of(entries.get(i));
            }
        }
        return Optional.empty();
    }

    /**
     * The entries after {@code id} as soon as there are any; an empty list once the journal is
     * closed and the reader has everything.
     */
    public CompletionStage<List<JournalEntry>> next(long id) {
        CompletableFuture<Void> wake;
        synchronized (this) {
            List<JournalEntry> ready = after(id);
            if (!ready.isEmpty() || closed) {
                return CompletableFuture.completedFuture(ready);
            }
            wake = appended;
        }
        return wake.thenCompose(ignored -> next(id));
    }

    /**
     * The entries after number {@code id}, then every new one as it is appended, until the journal
     * closes; counted among the {@link #readers()} while it runs.
     */
    public Source<JournalEntry, NotUsed> source(long id) {
        return Source.<Long, List<JournalEntry>>unfoldAsync(id, cursor -> next(cursor).thenApply(batch -> batch.isEmpty()
                        ? Optional.empty()
                        : Optional.of(Pair.create(batch.get(batch.size() - 1).id(), batch))))
                .mapConcat(batch -> batch)
                .watchTermination((notUsed, done) -> {
                    readerChanged(+1);
                    done.whenComplete((d, error) -> readerChanged(-1));
                    return notUsed;
                });
    }
}
