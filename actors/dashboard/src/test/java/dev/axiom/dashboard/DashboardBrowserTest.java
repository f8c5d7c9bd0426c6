package dev.axiom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.typesafe.config.Config;
import dev.axiom.run.Progress;
import dev.axiom.run.TrainingJob;
import dev.axiom.run.config.SettingsLoader;
import dev.axiom.runtime.RuntimeDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page in headless Chromium (Debian's {@code /usr/bin/chromium}, nothing downloaded) during a
 * short real training run (paper CNN with the EG pixel prior on the embedded Fashion-MNIST
 * subset): the loss curve grows and the attribution panel changes; then the finished run served
 * from its directory shows the same final values. Saves {@code docs/dashboard.png}.
 */
class DashboardBrowserTest {

    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final double TIMEOUT_MS = 240_000;

    @TempDir
    Path tmp;

    @Test
    void thePageFollowsALiveRunAndShowsTheSameFinalValuesFromTheRunDirectory() throws Exception {
        assertThat(CHROMIUM).as("Chromium is installed (./axiom test installs Debian's chromium)").exists();
        Path runDir = tmp.resolve("run-browser");
        Config settings = SettingsLoader.load(null, List.of(
                "axiom.train.epochs=3",
                "axiom.train.checkpoint-every-steps=12",
                "axiom.train.log-every-steps=2",
                "axiom.train.threads=1"));
        TrainingJob job = TrainingJob.start(settings, runDir, List.of("DashboardBrowserTest"), Progress.silent());
        // The default time budget (4 %) spaces snapshots by 24 times their duration; a quarter of the
        // time lets this short run show several while the rest of the path is the default one.
        SnapshotOptions d = SnapshotOptions.defaults();
        SnapshotOptions options = new SnapshotOptions(d.panelImages(), d.topFeatures(), d.importanceSamples(),
                d.references(), d.nice(), 0.25);
        Map<String, String> live;
        String liveSnapshot;
        try (LiveDashboard dash = LiveDashboard.start(runDir, 2, new BindAddress("127.0.0.1", 0), Access.open(), options, null);
                DroppingProxy proxy = new DroppingProxy(new java.net.InetSocketAddress("127.0.0.1", dash.port()));
                Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                Browser browser = launch(playwright)) {
            job.withDriver(RuntimeDriver.forRun(job.settings().runtime(), null, dash.feed())).withObserver(dash.feed());
            CompletableFuture<TrainingJob.Result> training = new CompletableFuture<>();
            Thread trainer = new Thread(() -> {
                try {
                    training.complete(job.run());
                } catch (Throwable t) {
                    training.completeExceptionally(t);
                }
            }, "browser-test-training");
            trainer.start();

            Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1500, 1100));
            page.navigate(dash.url().replace(":" + dash.port() + "/", ":" + proxy.port() + "/"));
            // The loss curve grows.
            waitFor(page, "Number(document.getElementById('loss-chart').dataset.points) >= 3");
            int firstPoints = points(page, "loss-chart");
            waitFor(page, "Number(document.getElementById('loss-chart').dataset.points) >= " + (firstPoints + 5));
            assertThat(points(page, "loss-chart")).isGreaterThanOrEqualTo(firstPoints + 5);
            // A dropped connection: the page says so, reconnects, and gets what it missed (checked
            // below: the curves end with as many points as the finished run's metrics.jsonl).
            proxy.cut();
            waitFor(page, "document.getElementById('status').textContent.startsWith('reconnecting')");
            int pointsWhenCut = points(page, "loss-chart");
            Thread.sleep(4000);
            proxy.restore();
            waitFor(page, "document.getElementById('status').textContent === 'live'");
            waitFor(page, "Number(document.getElementById('loss-chart').dataset.points) > " + pointsWhenCut);
            // The attribution panel changes.
            waitFor(page, "Number(document.getElementById('panel').dataset.step) > 0");
            long firstStep = Long.parseLong(page.getAttribute("#panel", "data-step"));
            String firstImage = (String) page.evaluate("() => document.getElementById('panel').toDataURL()");
            waitFor(page, "Number(document.getElementById('panel').dataset.step) > " + firstStep);
            String laterImage = (String) page.evaluate("() => document.getElementById('panel').toDataURL()");
            assertThat(laterImage).as("the attribution panel is redrawn with new maps").isNotEqualTo(firstImage);

            TrainingJob.Result result = training.get(10, TimeUnit.MINUTES);
            trainer.join();
            dash.finish(Duration.ofMinutes(2));
            waitFor(page, "document.getElementById('status').textContent === 'training ended'");
            live = finalValues(page);
            liveSnapshot = (String) page.evaluate("() => document.getElementById('panel').toDataURL()");
            assertThat(live.get("last-step")).isEqualTo(Long.toString(result.steps()));
            assertThat(live.get("provenance-seed")).as("provenance shown").isEqualTo("42");
            assertThat(live.get("config-has-seed")).as("config shown").isEqualTo("true");
            assertThat(live.get("panel-step")).as("the last snapshot is of the final parameters").isEqualTo(Long.toString(result.steps()));
            assertThat(live.get("test-metric")).isEqualTo(String.format(java.util.Locale.ROOT, "%.4f", result.test().get("accuracy")));
            Path docs = Path.of("../../docs").toAbsolutePath().normalize();
            Files.createDirectories(docs);
            page.screenshot(new Page.ScreenshotOptions().setPath(docs.resolve("dashboard.png")).setFullPage(true));
        }

        // The finished run, served from its files.
        ActorSystem<Void> system = DashboardSystem.create();
        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                Browser browser = launch(playwright)) {
            DashboardServer server = DashboardServer.start(system, new BindAddress("127.0.0.1", 0),
                    new DashboardRuns().add(RunFiles.finishedRun(system, runDir, options)), Access.open());
            Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1500, 1100));
            page.navigate(server.url());
            waitFor(page, "document.getElementById('status').textContent === 'finished run'");
            Map<String, String> served = finalValues(page);
            assertThat(served).isEqualTo(live);
            assertThat(page.evaluate("() => document.getElementById('panel').toDataURL()"))
                    .as("the same attribution maps").isEqualTo(liveSnapshot);
            server.close();
        } finally {
            DashboardSystem.terminate(system);
        }
    }

    private static Browser launch(Playwright playwright) {
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--no-first-run")));
    }

    private static void waitFor(Page page, String condition) {
        page.waitForFunction("() => " + condition, null, new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS));
    }

    private static int points(Page page, String chart) {
        return Integer.parseInt(page.getAttribute("#" + chart, "data-points"));
    }

    /** What the page shows at the end: the header's numbers, the curves' lengths, the snapshot's step. */
    private static Map<String, String> finalValues(Page page) {
        Map<String, String> v = new LinkedHashMap<>();
        for (String id : List.of("last-step", "last-epoch", "last-loss", "last-metric", "test-metric", "last-speed")) {
            v.put(id, page.textContent("#" + id));
        }
        for (String chart : List.of("loss-chart", "prior-chart", "metric-chart", "speed-chart")) {
            v.put(chart, page.getAttribute("#" + chart, "data-points"));
        }
        v.put("panel-step", page.getAttribute("#panel", "data-step"));
        v.put("provenance-seed", page.textContent("#provenance").contains("seed42") ? "42" : page.textContent("#provenance"));
        v.put("config-has-seed", Boolean.toString(page.textContent("#config").contains("seed=42")));
        return v;
    }
}
