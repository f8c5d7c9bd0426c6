package dev.axiom.dashboard;

import java.nio.charset.StandardCharsets;
import org.apache.pekko.util.ByteString;

/**
 * One event of a run's journal, as the browser receives it.
 *
 * @param id the event's sequence number in its journal (1, 2, …): the server-sent event's {@code id}
 * @param type what happened: {@code step}, {@code evaluation}, {@code checkpoint}, {@code snapshot}, …
 * @param step the update after which it happened
 * @param json the event as one JSON object (with {@code id}, {@code type} and {@code step})
 * @param frame the event encoded once as a server-sent event ({@code id:} and {@code data:} lines
 *     and the blank line), which every stream that follows the journal writes as it is
 */
public record JournalEntry(long id, String type, long step, String json, ByteString frame) {

    /** The entry with its frame encoded from {@code json}. */
    public static JournalEntry of(long id, String type, long step, String json) {
        return new JournalEntry(id, type, step, json, frame(id, json));
    }

    private static ByteString frame(long id, String json) {
        StringBuilder text = new StringBuilder(json.length() + 32).append("id:").append(id).append('\n');
        for (String line : json.split("\r\n|\r|\n", -1)) {
            text.append("data:").append(line).append('\n');
        }
        return ByteString.fromArrayUnsafe(text.append('\n').toString().getBytes(StandardCharsets.UTF_8));
    }
}
