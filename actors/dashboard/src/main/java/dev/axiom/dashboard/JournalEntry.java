package dev.axiom.dashboard;

/**
 * One event of a run's journal, as the browser receives it.
 *
 * @param id the event's sequence number in its journal (1, 2, …): the server-sent event's {@code id}
 * @param type what happened: {@code step}, {@code evaluation}, {@code checkpoint}, {@code snapshot}, …
 * @param step the update after which it happened
 * @param json the event as one JSON object (with {@code id}, {@code type} and {@code step})
 */
public record JournalEntry(long id, String type, long step, String json) {}
