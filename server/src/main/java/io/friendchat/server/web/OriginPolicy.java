package io.friendchat.server.web;

import java.util.List;
import java.util.Locale;

/**
 * Which browser origins may act on this server: its own (the scheme and Host the request came
 * with) and those in {@code FRIENDCHAT_ALLOWED_ORIGINS}. One policy serves the CSRF check, CORS
 * and the Socket.IO handshake.
 */
public final class OriginPolicy {
    private final List<String> allowedOrigins;

    public OriginPolicy(List<String> allowedOrigins) {
        this.allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** True when {@code origin} is this server's own, as reached by {@code scheme} and {@code host}, or allowed. */
    public boolean allows(String origin, String scheme, String host) {
        if (origin == null) {
            return false;
        }
        String normalized = origin.trim().toLowerCase(Locale.ROOT);
        return normalized.equals(own(scheme, host)) || allowedOrigins.contains(normalized);
    }

    /** True when {@code origin} is on the allowlist (not merely the server's own). */
    public boolean isListed(String origin) {
        return origin != null && allowedOrigins.contains(origin.trim().toLowerCase(Locale.ROOT));
    }

    static String own(String scheme, String host) {
        return ((scheme == null ? "http" : scheme) + "://" + (host == null ? "" : host)).toLowerCase(Locale.ROOT);
    }
}
