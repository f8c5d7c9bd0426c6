package dev.axiom.bench.load;

import java.util.function.Consumer;

/**
 * Assembles lines of a {@code text/event-stream} body into events, as the HTML standard's
 * event-stream interpretation does: {@code field: value} lines accumulate, a blank line dispatches,
 * lines starting with {@code :} are comments, a single space after the colon is dropped. An event
 * is handed on only when its blank line arrives, so a connection cut in the middle of an event
 * loses that event, as it would in a browser. Not thread-safe: one instance per connection.
 */
public final class SseFrames {

    private final Consumer<SseEvent> dispatch;
    private String id;
    private String event;
    private StringBuilder data;

    /** Frames handed to {@code dispatch} one by one. */
    public SseFrames(Consumer<SseEvent> dispatch) {
        this.dispatch = dispatch;
    }

    /** Takes the next line of the body (without its line terminator). */
    public void line(String line) {
        if (line.isEmpty()) {
            if (id != null || event != null || data != null) {
                dispatch.accept(new SseEvent(id, event, data == null ? null : data.toString()));
            }
            id = null;
            event = null;
            data = null;
            return;
        }
        if (line.startsWith(":")) {
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "id" -> id = value;
            case "event" -> event = value;
            case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            default -> { } // retry and unknown fields do not matter here
        }
    }
}
