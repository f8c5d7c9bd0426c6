package dev.axiom.bench.load;

/**
 * One dispatched server-sent event (the fields seen before its blank line).
 *
 * @param id the {@code id:} field, or null if the event had none
 * @param event the {@code event:} field, or null
 * @param data the {@code data:} lines joined by {@code \n}, or null if there were none
 */
public record SseEvent(String id, String event, String data) {

    /** Whether it carries no data (a heartbeat or an id-only event, which a browser does not dispatch). */
    public boolean isEmpty() {
        return data == null || data.isEmpty();
    }
}
