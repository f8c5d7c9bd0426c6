package dev.axiom.dashboard;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;

/** The dashboard's routes bound to an address in an actor system. */
public final class DashboardServer implements AutoCloseable {

    private final ServerBinding binding;
    private final String host;
    private final Access access;

    private DashboardServer(ServerBinding binding, String host, Access access) {
        this.binding = binding;
        this.host = host;
        this.access = access;
    }

    /**
     * Binds the routes over {@code runs} to {@code address} in {@code system} and waits until
     * bound.
     *
     * @throws IllegalArgumentException if the address cannot be bound (in use, unknown host)
     */
    public static DashboardServer start(ActorSystem<?> system, BindAddress address, DashboardRuns runs, Access access) {
        return start(system, address, DashboardRoutes.create(runs, access), access, "the dashboard");
    }

    /**
     * Binds {@code routes} (guarded by {@code access}) to {@code address}; {@code what} names the
     * server in errors ("the dashboard", "the metrics").
     *
     * @throws IllegalArgumentException if the address cannot be bound, or is not loopback and
     *     {@code access} has no token
     */
    public static DashboardServer start(ActorSystem<?> system, BindAddress address, Route routes, Access access, String what) {
        if (!Access.isLoopback(address.host()) && access.token().isEmpty()) {
            throw new IllegalArgumentException(what + " on " + address.host() + " (not loopback) needs a token");
        }
        try {
            ServerBinding b = Http.get(system).newServerAt(address.host(), address.port())
                    .bind(routes)
                    .toCompletableFuture().join();
            return new DashboardServer(b, address.host(), access);
        } catch (CompletionException e) {
            throw new IllegalArgumentException("cannot serve " + what + " on " + address.host() + ":" + address.port()
                    + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** The port bound (the free port chosen, for port 0). */
    public int port() {
        return binding.localAddress().getPort();
    }

    /** The bound socket address. */
    public InetSocketAddress address() {
        return binding.localAddress();
    }

    /** The page's URL, with the token if there is one. */
    public String url() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + h + ":" + port() + "/" + access.token().map(t -> "?token=" + t).orElse("");
    }

    /** Stops accepting connections and ends open ones (event streams included) within 3 seconds. */
    @Override
    public void close() {
        close(Duration.ofSeconds(3));
    }

    /**
     * Stops accepting connections, lets responses under way finish (an event stream whose journal
     * is closed finishes once its client has taken the rest) and cuts what is left after
     * {@code patience}.
     */
    public void close(Duration patience) {
        binding.terminate(patience).toCompletableFuture().join();
    }
}
