package dev.axiom.dashboard;

import dev.axiom.run.Json;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The token rule of {@link Access} as a route guard: with a token, a request must present it as
 * {@code Authorization: Bearer TOKEN} or {@code ?token=TOKEN}, else it gets 401 with a JSON
 * error. Used by the dashboard's routes and by the metrics route.
 */
public final class TokenCheck extends AllDirectives {

    private static final TokenCheck DIRECTIVES = new TokenCheck();

    private TokenCheck() {}

    /** {@code inner} behind {@code access}'s token, if any; {@code realm} names what is protected. */
    public static Route guard(Access access, String realm, Supplier<Route> inner) {
        if (access.token().isEmpty()) {
            return inner.get();
        }
        return DIRECTIVES.optionalHeaderValueByName("Authorization", header -> DIRECTIVES.parameterOptional("token", parameter -> {
            String presented = header.filter(h -> h.startsWith("Bearer ")).map(h -> h.substring(7).strip())
                    .or(() -> parameter).orElse(null);
            if (access.admits(presented)) {
                return inner.get();
            }
            return DIRECTIVES.complete(HttpResponse.create()
                    .withStatus(StatusCodes.UNAUTHORIZED)
                    .addHeader(RawHeader.create("WWW-Authenticate", "Bearer realm=\"axiom " + realm + "\""))
                    .withEntity(ContentTypes.APPLICATION_JSON, Json.line(Map.of(
                            "error", presented == null ? "this " + realm + " needs a token" : "wrong token"))));
        }));
    }
}
