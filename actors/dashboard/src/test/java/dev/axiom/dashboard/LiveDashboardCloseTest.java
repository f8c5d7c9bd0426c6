package dev.axiom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training process stops its dashboard right after the run: a page still taking the last events
 * (here one that stalls while the final, large snapshot is on its way) must receive them and the
 * {@code end}, not a cut connection. The server's own hard deadline is 3 s; the page stalls 5 s.
 */
class LiveDashboardCloseTest {

    /** Larger than the kernel's socket buffers (4 MiB send at most), so the server cannot finish while the page stalls. */
    private static final int SNAPSHOT_BYTES = 12 * 1024 * 1024;

    @TempDir
    Path tmp;

    @Test
    void closingAfterTheRunLetsAnOpenPageTakeTheLastEventsAndTheEnd() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(dir.resolve("config.conf"), "axiom { seed = 7 }\n");
        LiveDashboard dash = LiveDashboard.start(dir, 1, new BindAddress("127.0.0.1", 0), Access.open(),
                SnapshotOptions.defaults(), null);
        RunJournal journal = dash.run().journal();
        journal.append("step", 1, Map.of("loss", 1.0));
        CountDownLatch resume = new CountDownLatch(1);
        CompletableFuture<String> page = CompletableFuture.supplyAsync(() -> stallingPage(dash.port(), dash.run().id(), resume));
        while (journal.readers() == 0) {
            Thread.sleep(20);
        }

        journal.appendSuperseding("snapshot", 1, Map.of("maps", "x".repeat(SNAPSHOT_BYTES)));
        dash.finish(Duration.ZERO);
        CompletableFuture.delayedExecutor(5, TimeUnit.SECONDS).execute(resume::countDown);
        dash.close();
        String body = page.get(60, TimeUnit.SECONDS);

        assertThat(body.length()).as("the snapshot arrived whole").isGreaterThan(SNAPSHOT_BYTES);
        assertThat(body).as("the page saw the end").contains("\"type\":\"end\"");
    }

    /** Reads the event stream's first event, stops reading until {@code resume}, then reads to the end. */
    private static String stallingPage(int port, String run, CountDownLatch resume) {
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.getOutputStream().write(("GET /api/runs/" + run + "/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            byte[] buffer = new byte[65536];
            while (!body.toString(StandardCharsets.UTF_8).contains("\"type\":\"step\"")) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                body.write(buffer, 0, n);
            }
            resume.await();
            String tail = "";
            for (int n; (n = in.read(buffer)) >= 0; ) {
                body.write(buffer, 0, n);
                tail = tail + new String(buffer, Math.max(0, n - 512), Math.min(n, 512), StandardCharsets.ISO_8859_1);
                tail = tail.substring(Math.max(0, tail.length() - 512));
                if (tail.contains("\"type\":\"end\"")) {
                    break; // the stream is over; the connection itself may stay open
                }
            }
            return body.toString(StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "cut: " + e; // a reset connection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
