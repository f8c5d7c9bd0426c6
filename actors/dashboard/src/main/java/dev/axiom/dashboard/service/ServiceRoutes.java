package dev.axiom.dashboard.service;

import dev.axiom.dashboard.Access;
import dev.axiom.dashboard.TokenCheck;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The routes an operator's tools use, to bind on their own or beside the dashboard's, or to mount
 * in a host service:
 *
 * <ul>
 *   <li>{@code GET /metrics}: the run's metrics in Prometheus' text format, behind the token rule
 *       of {@link Access} (none on loopback unless a token is given);
 *   <li>{@code GET /health/live}: 200 while the process serves requests;
 *   <li>{@code GET /health/ready}: 200 while training proceeds, else 503; the body says why.
 * </ul>
 *
 * The health routes need no token, so that probes work without secrets.
 */
public final class ServiceRoutes extends AllDirectives {

    private static final ContentType PROMETHEUS = ContentTypes.parse(RunMetrics.contentType());

    private final RunMetrics metrics;
    private final Readiness readiness;
    private final Access access;

    private ServiceRoutes(RunMetrics metrics, Readiness readiness, Access access) {
        this.metrics = metrics;
        this.readiness = readiness;
        this.access = access;
    }

    /** The routes over {@code metrics} (may be null: no {@code /metrics}) and {@code readiness}. */
    public static Route create(RunMetrics metrics, Readiness readiness, Access access) {
        return new ServiceRoutes(metrics, readiness, access).route();
    }

    private Route route() {
        Route health = pathPrefix("health", () -> concat(
                path("live", () -> get(() -> text(200, "live"))),
                path("ready", () -> get(() -> {
                    Readiness.Status s = readiness.status();
                    return text(s.ready() ? 200 : 503, (s.ready() ? "ready: " : "not ready: ") + s.reason());
                }))));
        if (metrics == null) {
            return health;
        }
        return concat(health, path("metrics", () -> get(() -> TokenCheck.guard(access, "metrics endpoint",
                () -> complete(HttpResponse.create().withEntity(PROMETHEUS, metrics.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8)))))));
    }

    private Route text(int status, String body) {
        return complete(HttpResponse.create().withStatus(StatusCodes.get(status))
                .withEntity(ContentTypes.TEXT_PLAIN_UTF8, body + "\n"));
    }
}
