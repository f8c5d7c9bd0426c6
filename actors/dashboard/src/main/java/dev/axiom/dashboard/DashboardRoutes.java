package dev.axiom.dashboard;

import dev.axiom.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.util.ByteString;

/**
 * The dashboard's HTTP routes, to bind with {@link DashboardServer} or to mount in a host
 * service's own Pekko HTTP server:
 *
 * <ul>
 *   <li>{@code GET /}: the page;
 *   <li>{@code GET /api/runs}: the run ids (JSON array);
 *   <li>{@code GET /api/runs/{id}/events}: the run's journal as server-sent events, each with
 *       {@code id:} its number; from the start, or after {@code Last-Event-ID} (a reconnecting
 *       browser sends it) or {@code ?after=N}; the stream ends when the journal closes;
 *   <li>{@code GET /api/runs/{id}/config}: {@code config.conf}; {@code /provenance}:
 *       {@code provenance.json}; {@code /snapshot/latest}: the newest attribution snapshot;
 *   <li>{@code POST /api/runs/{id}/control/pause|resume|stop}: only when control is enabled.
 * </ul>
 *
 * An unknown run is 404; with a token, a request without it (header {@code Authorization: Bearer}
 * or parameter {@code token}) is 401. Nothing else changes a run.
 */
public final class DashboardRoutes extends AllDirectives {

    /** The page, a class-path resource. */
    public static final String PAGE = "dev/axiom/dashboard/index.html";

    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    /** An event-stream comment line: keeps idle connections open, and browsers ignore it. */
    private static final ByteString HEARTBEAT_FRAME = ByteString.fromString(":\n\n");

    private static final ContentType EVENT_STREAM = MediaTypes.TEXT_EVENT_STREAM.toContentType();

    private final DashboardRuns runs;
    private final Access access;

    private DashboardRoutes(DashboardRuns runs, Access access) {
        this.runs = runs;
        this.access = access;
    }

    /** The routes over {@code runs}, guarded by {@code access}. */
    public static Route create(DashboardRuns runs, Access access) {
        return new DashboardRoutes(runs, access).route();
    }

    private Route route() {
        return authorised(() -> concat(
                pathSingleSlash(() -> get(() -> getFromResource(PAGE, ContentTypes.TEXT_HTML_UTF8))),
                pathPrefix("api", () -> pathPrefix("runs", () -> concat(
                        pathEnd(() -> get(() -> json(StatusCodes.OK, Json.line(runs.ids())))),
                        pathPrefix(PathMatchers.segment(), id -> withRun(id, run -> concat(
                                path("events", () -> get(() -> events(run))),
                                path("config", () -> get(() -> file(run.directory().resolve("config.conf"), ContentTypes.TEXT_PLAIN_UTF8))),
                                path("provenance", () -> get(() -> file(run.directory().resolve("provenance.json"), ContentTypes.APPLICATION_JSON))),
                                path(PathMatchers.segment("snapshot").slash("latest"), () -> get(() -> latestSnapshot(run))),
                                control(run)))))))));
    }

    private Route authorised(Supplier<Route> inner) {
        return TokenCheck.guard(access, "dashboard", inner);
    }

    private Route withRun(String id, java.util.function.Function<DashboardRun, Route> inner) {
        return runs.get(id).map(inner)
                .orElseGet(() -> json(StatusCodes.NOT_FOUND, Json.line(Map.of("error", "no run '" + id + "'"))));
    }

    private Route events(DashboardRun run) {
        return optionalHeaderValueByName("Last-Event-ID", last -> parameterOptional("after", after -> {
            long from;
            try {
                from = Long.parseLong(last.or(() -> after).orElse("0").strip());
            } catch (NumberFormatException e) {
                return json(StatusCodes.BAD_REQUEST, Json.line(Map.of("error", "Last-Event-ID or after must be a number")));
            }
            // Each entry's frame is encoded once, when it is appended, and shared by every stream.
            return respondWithHeader(RawHeader.create("Cache-Control", "no-store"), () -> complete(HttpResponse.create()
                    .withEntity(HttpEntities.create(EVENT_STREAM, run.journal().source(Math.max(0, from))
                            .map(JournalEntry::frame)
                            .keepAlive(HEARTBEAT, () -> HEARTBEAT_FRAME)))));
        }));
    }

    private Route latestSnapshot(DashboardRun run) {
        return run.journal().latest("snapshot")
                .map(e -> json(StatusCodes.OK, e.json()))
                .orElseGet(() -> json(StatusCodes.NOT_FOUND, Json.line(Map.of("error", "no attribution snapshot yet"))));
    }

    private Route control(DashboardRun run) {
        if (!access.control()) {
            return reject();
        }
        return path(PathMatchers.segment("control").slash(PathMatchers.segment()), action -> post(() -> {
            if (run.control().isEmpty()) {
                return json(StatusCodes.CONFLICT, Json.line(Map.of("error", "run '" + run.id() + "' is not live")));
            }
            RunControl c = run.control().get();
            try {
                switch (action) {
                    case "pause" -> c.pause();
                    case "resume" -> c.resume();
                    case "stop" -> c.stop();
                    default -> {
                        return json(StatusCodes.NOT_FOUND, Json.line(Map.of("error", "no control action '" + action + "'")));
                    }
                }
            } catch (UnsupportedOperationException e) {
                return json(StatusCodes.CONFLICT, Json.line(Map.of("error", String.valueOf(e.getMessage()))));
            }
            return json(StatusCodes.OK, Json.line(Map.of("run", run.id(), "requested", action)));
        }));
    }

    private Route file(Path file, ContentType type) {
        if (!Files.isRegularFile(file)) {
            return json(StatusCodes.NOT_FOUND, Json.line(Map.of("error", "the run has no " + file.getFileName())));
        }
        try {
            return complete(HttpResponse.create().withEntity(type, Files.readAllBytes(file)));
        } catch (IOException e) {
            return json(StatusCodes.INTERNAL_SERVER_ERROR, Json.line(Map.of("error", "cannot read " + file.getFileName())));
        }
    }

    private Route json(StatusCode status, String body) {
        return complete(HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, body));
    }
}
