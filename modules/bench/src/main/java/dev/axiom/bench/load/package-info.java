/**
 * Load on the dashboard's event stream ({@code GET /api/runs/{id}/events}): many server-sent-event
 * clients at once, some of which drop the connection at seeded random moments and reconnect with
 * {@code Last-Event-ID}, each checking that it receives every event of the journal exactly once
 * and in order, up to the {@code end} event. {@link dev.axiom.bench.load.DashboardLoad} is the
 * entry point (a command line for {@code modules/bench/dashboard-load.sh} and a method for tests);
 * nothing here depends on the dashboard's own code, so the check is independent of it.
 */
package dev.axiom.bench.load;
