package dev.axiom.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one client has received over all its connections, checked as it arrives: the events'
 * numbers must be exactly 1, 2, 3, … (no duplicate, no gap), each event's {@code id:} must equal
 * the {@code "id"} of its JSON data, and nothing may follow the {@code end} event. Events without
 * data (heartbeats) are skipped. The last number accepted is what a reconnecting client sends as
 * {@code Last-Event-ID}. Not thread-safe: its client serialises the calls.
 */
public final class EventLedger {

    /** How many violation messages are kept (all are counted). */
    private static final int KEPT = 5;
    private static final Pattern DATA_ID = Pattern.compile("^\\{\"id\":(\\d+)[,}]");
    private static final Pattern DATA_TYPE = Pattern.compile("\"type\":\"([^\"]*)\"");

    private final List<String> violationMessages = new ArrayList<>();
    private long lastId;
    private long delivered;
    private long endId;
    private long violations;

    /** Checks and records one dispatched event. */
    public void accept(SseEvent e) {
        if (e.isEmpty()) {
            return;
        }
        if (endId > 0) {
            violation("event " + e.id() + " after the end (" + endId + ")");
            return;
        }
        long id;
        try {
            id = Long.parseLong(e.id() == null ? "" : e.id().strip());
        } catch (NumberFormatException notANumber) {
            violation("event without a numeric id: " + e.id());
            return;
        }
        Matcher m = DATA_ID.matcher(e.data());
        if (!m.find() || Long.parseLong(m.group(1)) != id) {
            violation("event " + id + " carries data of another event: " + abbreviate(e.data()));
        }
        if (id <= lastId) {
            violation("duplicate or out of order: " + id + " after " + lastId);
            return;
        }
        if (id != lastId + 1) {
            violation("gap: " + id + " after " + lastId);
        }
        lastId = id;
        delivered++;
        Matcher t = DATA_TYPE.matcher(e.data());
        if (t.find() && t.group(1).equals("end")) {
            endId = id;
        }
    }

    /** Records a violation found outside the events (a bad status, a stream that ended early). */
    public void violation(String message) {
        violations++;
        if (violationMessages.size() < KEPT) {
            violationMessages.add(message);
        }
    }

    /** The number of the last event accepted (0 before the first). */
    public long lastId() {
        return lastId;
    }

    /** Events accepted (distinct numbers, each once). */
    public long delivered() {
        return delivered;
    }

    /** Whether the {@code end} event has arrived. */
    public boolean ended() {
        return endId > 0;
    }

    /** Violations counted. */
    public long violations() {
        return violations;
    }

    /** The first few violations' messages. */
    public List<String> violationMessages() {
        return List.copyOf(violationMessages);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
