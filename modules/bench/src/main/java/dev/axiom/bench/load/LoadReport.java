package dev.axiom.bench.load;

import java.time.Duration;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * The outcome of a load: every client's result, and the checks across clients: every client must
 * have received the {@code end} event, and all must agree on its number (so each received every
 * event of the journal, since each one's numbers were 1..end without gap or duplicate).
 *
 * @param clients each client's result, by index
 * @param wall time from the first connection to the last result
 */
public record LoadReport(List<ClientResult> clients, Duration wall) {

    /** Violations over all clients, plus one per client without the end and one if clients disagree on the end. */
    public long violations() {
        long v = clients.stream().mapToLong(ClientResult::violations).sum();
        v += clients.stream().filter(c -> !c.ended()).count();
        return v + (endIds().size() > 1 ? 1 : 0);
    }

    /** The distinct numbers of the last event the clients accepted (one, when all is well). */
    public TreeSet<Long> endIds() {
        TreeSet<Long> ids = new TreeSet<>();
        clients.forEach(c -> ids.add(c.lastId()));
        return ids;
    }

    /** Events delivered per client: min, max, sum, over the clients that drop or those that do not. */
    public LongSummaryStatistics delivered(boolean reconnecting) {
        return stat(reconnecting, ClientResult::delivered);
    }

    /** Connections dropped on purpose by the reconnecting clients, in total. */
    public long drops() {
        return clients.stream().mapToLong(ClientResult::drops).sum();
    }

    /** Connections opened with {@code Last-Event-ID}, in total. */
    public long resumes() {
        return clients.stream().mapToLong(ClientResult::resumes).sum();
    }

    /** Streams the server ended before the end event, in total. */
    public long serverCloses() {
        return clients.stream().mapToLong(ClientResult::serverCloses).sum();
    }

    private LongSummaryStatistics stat(boolean reconnecting, ToLongFunction<ClientResult> f) {
        return clients.stream().filter(c -> c.reconnecting() == reconnecting).mapToLong(f).summaryStatistics();
    }

    /** One line per group and one for the checks, for people and scripts ({@code key=value} pairs). */
    public String summary() {
        StringBuilder s = new StringBuilder();
        for (boolean r : new boolean[] {false, true}) {
            LongSummaryStatistics d = delivered(r);
            if (d.getCount() > 0) {
                s.append(String.format("%s clients=%d delivered_min=%d delivered_max=%d delivered_total=%d%n",
                        r ? "reconnecting" : "steady", d.getCount(), d.getMin(), d.getMax(), d.getSum()));
            }
        }
        s.append(String.format("checks end_ids=%s drops=%d resumes=%d server_closes=%d violations=%d wall_s=%.1f%n",
                endIds(), drops(), resumes(), serverCloses(), violations(), wall.toMillis() / 1000.0));
        clients.stream().filter(c -> c.violations() > 0 || !c.ended()).limit(5).forEach(c -> s.append(String.format(
                "client %d (%s): last %d, ended %s: %s%n", c.index(), c.reconnecting() ? "reconnecting" : "steady",
                c.lastId(), c.ended(), c.messages())));
        return s.toString();
    }
}
