package dev.axiom.app;

import dev.axiom.dashboard.Access;
import dev.axiom.dashboard.BindAddress;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options of a trainer process run as a service: metrics, readiness, how long a stop may take. */
final class ServiceOptions {

    /** The environment variable a metrics token can come from. */
    static final String TOKEN_VARIABLE = "AXIOM_METRICS_TOKEN";

    @Option(names = "--metrics", paramLabel = "[HOST:]PORT",
            description = "Serve Prometheus metrics at /metrics and health probes at /health/live and /health/ready "
                    + "(host 127.0.0.1 unless given; another host needs a token).")
    String metrics;

    @Option(names = "--metrics-token", paramLabel = "TOKEN",
            description = "Token a /metrics request must carry (default: $AXIOM_METRICS_TOKEN; generated when needed).")
    String metricsToken;

    @Option(names = "--stall-limit", paramLabel = "SECONDS", defaultValue = "600",
            description = "/health/ready answers 503 when no step completed for this long (default ${DEFAULT-VALUE}).")
    int stallLimit;

    @Option(names = "--stop-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "After SIGTERM or SIGINT, end at once if the current step and its checkpoint take longer "
                    + "(default ${DEFAULT-VALUE}).")
    int stopTimeout;

    /** Where to serve the metrics, or null. */
    BindAddress metricsAddress() {
        return metrics == null ? null : BindAddress.parse(metrics);
    }

    /** The metrics server's access: the token given (option, environment), else one generated off loopback. */
    Access metricsAccess() {
        String given = metricsToken != null ? metricsToken : System.getenv(TOKEN_VARIABLE);
        return Access.forHost(metricsAddress().host(), given == null || given.isBlank() ? null : given.strip(), false);
    }

    /** Whether the token was generated (then it is printed). */
    boolean generatedToken() {
        return metricsToken == null && (System.getenv(TOKEN_VARIABLE) == null || System.getenv(TOKEN_VARIABLE).isBlank());
    }

    Duration stallLimit() {
        return Duration.ofSeconds(stallLimit);
    }

    Duration stopTimeout() {
        return Duration.ofSeconds(stopTimeout);
    }
}
