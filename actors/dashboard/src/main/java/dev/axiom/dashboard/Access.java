package dev.axiom.dashboard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Who may use the dashboard: with a token, every request must carry it (header
 * {@code Authorization: Bearer TOKEN}, or {@code ?token=TOKEN} for the page and its event
 * stream); control endpoints (pause, resume, stop) exist only when control is enabled, which
 * requires a token.
 *
 * @param token the token, or empty (then no request needs one)
 * @param control whether the control endpoints exist
 */
public record Access(Optional<String> token, boolean control) {

    /** Checks that control comes with a token. */
    public Access {
        if (control && token.isEmpty()) {
            throw new IllegalArgumentException("dashboard control needs a token");
        }
        token.ifPresent(t -> {
            if (t.isBlank()) {
                throw new IllegalArgumentException("the dashboard token is blank");
            }
        });
    }

    /** Read-only, no token: for a dashboard bound to the loopback interface. */
    public static Access open() {
        return new Access(Optional.empty(), false);
    }

    /**
     * The access for a server bound to {@code host}: {@code token} if given; otherwise a generated
     * one when the host is not a loopback address or control is enabled; otherwise none.
     */
    public static Access forHost(String host, String tokenOrNull, boolean control) {
        if (tokenOrNull != null) {
            return new Access(Optional.of(tokenOrNull), control);
        }
        if (control || !isLoopback(host)) {
            return new Access(Optional.of(generateToken()), control);
        }
        return new Access(Optional.empty(), false);
    }

    /** Whether {@code host} names a loopback address (127.0.0.1, ::1, localhost). */
    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** 128 random bits, hex. */
    public static String generateToken() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Whether a request presenting {@code presented} (possibly null) may pass. */
    public boolean admits(String presented) {
        if (token.isEmpty()) {
            return true;
        }
        return presented != null && MessageDigest.isEqual(
                token.get().getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
