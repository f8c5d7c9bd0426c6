package dev.axiom.dashboard.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.axiom.dashboard.Access;
import dev.axiom.dashboard.BindAddress;
import dev.axiom.dashboard.DashboardRun;
import dev.axiom.dashboard.DashboardRuns;
import dev.axiom.dashboard.DashboardServer;
import dev.axiom.dashboard.DashboardSystem;
import dev.axiom.dashboard.RunJournal;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that connect to a run's event stream and never read: the server must stop pulling the
 * journal for them (back-pressure) instead of buffering what they have not taken, so the heap they
 * hold does not grow with the journal. Measured as the live heap (after full collections) with
 * {@value #CLIENTS} such clients on a journal of about {@value #JOURNAL_MB} MB, against the same
 * server without them.
 */
class StalledClientsMemoryTest {

    private static final int CLIENTS = 100;
    private static final int ENTRIES = 8_000;
    private static final int JOURNAL_MB = 8;
    /**
     * Largest live heap per stalled connection allowed (measured: 31 to 123 KiB, the noise of the
     * heap measurement included): an eighth of the journal, which a server that buffered for slow
     * clients would hold for each of them.
     */
    private static final long PER_CLIENT_BOUND = JOURNAL_MB * 1024 * 1024 / 8;

    @TempDir
    Path tmp;

    @Test
    void stalledClientsHoldABoundedHeapWhateverTheJournalsSize() throws Exception {
        ActorSystem<Void> system = DashboardSystem.create();
        List<Socket> stalled = new ArrayList<>();
        try {
            RunJournal journal = new RunJournal();
            String padding = "x".repeat(JOURNAL_MB * 1024 * 1024 / ENTRIES - 60);
            for (int i = 1; i <= ENTRIES; i++) {
                journal.append("step", i, Map.of("loss", 1.0 / i, "note", padding));
            }
            DashboardRun run = new DashboardRun("big", tmp, journal, Optional.empty());
            try (DashboardServer server = DashboardServer.start(system, new BindAddress("127.0.0.1", 0),
                    new DashboardRuns().add(run), Access.open())) {
                long before = liveHeap();
                for (int i = 0; i < CLIENTS; i++) {
                    stalled.add(stalledClient(server.port()));
                }
                Thread.sleep(3000); // the server writes until the sockets' buffers are full
                long with = liveHeap();
                long perClient = (with - before) / CLIENTS;
                System.out.printf("live heap: %.1f MiB before, %.1f MiB with %d stalled clients: %.1f KiB per client"
                        + " (journal %.1f MiB)%n", before / 1048576.0, with / 1048576.0, CLIENTS, perClient / 1024.0,
                        ENTRIES * (padding.length() + 60) / 1048576.0);

                assertThat(perClient).as("live heap per stalled client, bytes").isLessThan(PER_CLIENT_BOUND);
            }
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
            DashboardSystem.terminate(system);
        }
    }

    /** Opens the event stream with a small receive buffer and never reads it. */
    private static Socket stalledClient(int port) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.getOutputStream().write(("GET /api/runs/big/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    private static long liveHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
