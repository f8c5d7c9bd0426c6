package dev.axiom.app;

import dev.axiom.dashboard.Access;

/** What the dashboard options of {@code train} and {@code dashboard} share. */
final class DashboardOptions {

    /** The environment variable a token can come from. */
    static final String TOKEN_VARIABLE = "AXIOM_DASHBOARD_TOKEN";

    private DashboardOptions() {}

    /** The token given on the command line, else from the environment, else null. */
    static String token(String option) {
        if (option != null) {
            return option;
        }
        String env = System.getenv(TOKEN_VARIABLE);
        return env == null || env.isBlank() ? null : env.strip();
    }

    /** Prints where the dashboard is (with a generated token, so the user can open it). */
    static void announce(String url, Access access, String givenToken) {
        System.err.println("axiom: dashboard at " + url);
        if (access.token().isPresent() && token(givenToken) == null) {
            System.err.println("axiom: dashboard token (generated): " + access.token().get());
        }
        System.err.flush();
    }
}
