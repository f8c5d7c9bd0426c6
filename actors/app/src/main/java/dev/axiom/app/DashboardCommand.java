package dev.axiom.app;

import dev.axiom.dashboard.Access;
import dev.axiom.dashboard.BindAddress;
import dev.axiom.dashboard.DashboardRuns;
import dev.axiom.dashboard.DashboardServer;
import dev.axiom.dashboard.DashboardSystem;
import dev.axiom.dashboard.RunFiles;
import dev.axiom.dashboard.SnapshotOptions;
import dev.axiom.run.RunDirectory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code axiom dashboard RUN_DIR…}: serves finished runs' dashboards from their files until Ctrl-C. */
@Command(
        name = "dashboard",
        mixinStandardHelpOptions = true,
        description = {
            "Serves the dashboard of finished (or interrupted) runs from their directories: curves from",
            "metrics.jsonl, the attribution snapshot of the newest checkpoint, config and provenance.",
            "Read-only. Binds 127.0.0.1 unless --host says otherwise; another host needs a token",
            "(--token, $AXIOM_DASHBOARD_TOKEN, or generated and printed). Stops on Ctrl-C."
        })
final class DashboardCommand implements Callable<Integer> {

    /** Initialises logging on this thread before the actor system's threads log. */
    private static final Logger LOG = LoggerFactory.getLogger(DashboardCommand.class);

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run directories to serve.")
    List<Path> runs;

    @Option(names = "--port", paramLabel = "P", defaultValue = "8080", description = "Port (0: any free port; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "H", defaultValue = BindAddress.LOOPBACK, description = "Interface to bind (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Token every request must carry (default: $AXIOM_DASHBOARD_TOKEN; generated for a host other than loopback).")
    String token;

    @Option(names = "--references", paramLabel = "N", defaultValue = "16", description = "Expected-gradients references per sample in the attribution snapshot (default ${DEFAULT-VALUE}).")
    int references;

    @Override
    public Integer call() throws InterruptedException {
        runs.forEach(RunDirectory::existing); // bad input before anything starts
        BindAddress address = new BindAddress(host, port);
        Access access = Access.forHost(host, DashboardOptions.token(token), false);
        SnapshotOptions options = SnapshotOptions.defaults().withReferences(references);
        ActorSystem<Void> system = DashboardSystem.create();
        try {
            DashboardRuns served = new DashboardRuns();
            for (Path run : runs) {
                served.add(RunFiles.finishedRun(system, run, options));
            }
            DashboardServer server = DashboardServer.start(system, address, served, access);
            DashboardOptions.announce(server.url(), access, token);
            LOG.info("serving {} run(s); Ctrl-C stops", runs.size());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> DashboardSystem.terminate(system), "axiom-dashboard-stop"));
            system.getWhenTerminated().toCompletableFuture().join();
            return 0;
        } catch (RuntimeException e) {
            DashboardSystem.terminate(system);
            throw e;
        }
    }
}
