package dev.axiom.dashboard;

/**
 * Where the dashboard listens: {@code [HOST:]PORT}, host 127.0.0.1 when omitted, port 0 for any
 * free port.
 *
 * @param host the interface's address or name
 * @param port the port
 */
public record BindAddress(String host, int port) {

    /** The default host: loopback only. */
    public static final String LOOPBACK = "127.0.0.1";

    /** Checks the port. */
    public BindAddress {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("dashboard port must be in 0..65535, got " + port);
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("dashboard host is empty");
        }
    }

    /** Parses {@code [HOST:]PORT} ({@code [::1]:8080} for an IPv6 host). */
    public static BindAddress parse(String text) {
        String t = text.strip();
        int colon = t.lastIndexOf(':');
        String host = colon < 0 ? LOOPBACK : t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new BindAddress(host, Integer.parseInt(t.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--dashboard expects [HOST:]PORT, got '" + text + "'");
        }
    }
}
