package dev.axiom.bench.load;

import java.util.List;

/**
 * What one event-stream client saw.
 *
 * @param index the client's number (0, 1, …)
 * @param reconnecting whether it dropped connections on purpose
 * @param delivered events accepted, each number once
 * @param lastId the number of the last event accepted
 * @param ended whether it received the {@code end} event
 * @param connections connections opened (1 + reconnects)
 * @param drops connections it dropped on purpose
 * @param resumes connections opened with {@code Last-Event-ID} (after at least one event)
 * @param serverCloses streams the server ended before the {@code end} event (the client reconnected)
 * @param violations violations of exactly-once-in-order, bad statuses and failed connections
 * @param messages the first few violations
 */
public record ClientResult(int index, boolean reconnecting, long delivered, long lastId, boolean ended, int connections,
        int drops, int resumes, int serverCloses, long violations, List<String> messages) {}
