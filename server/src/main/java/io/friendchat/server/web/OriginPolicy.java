package io.friendchat.server.web;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which browser origins may act on this server: its own (the scheme and Host the request came
 * with) and those in {@code FRIENDCHAT_ALLOWED_ORIGINS}. One policy serves the CSRF check, CORS
 * and the Socket.IO handshake, so they never disagree.
 *
 * <p>The scheme is the request's after {@link ForwardedHeaders}, so behind a trusted proxy it is
 * the one the browser used. Origins are compared lower-cased and without a default port, so
 * {@code https://chat.example.com:443} and {@code https://chat.example.com} are the same.
 */
public final class OriginPolicy {
    private final Set<String> allowedOrigins = new HashSet<>();

    public OriginPolicy(List<String> allowedOrigins) {
        for (String origin : allowedOrigins) {
            this.allowedOrigins.add(normalize(origin));
        }
    }

    /** True when {@code origin} is this server's own, as reached by {@code scheme} and {@code host}, or allowed. */
    public boolean allows(String origin, String scheme, String host) {
        return origin != null && (isSameOrigin(origin, scheme, host) || isListed(origin));
    }

    /** True when {@code origin} is on the allowlist (not merely the server's own). */
    public boolean isListed(String origin) {
        return origin != null && allowedOrigins.contains(normalize(origin));
    }

    /** True when {@code origin} is the origin this request was sent to. */
    public static boolean isSameOrigin(String origin, String scheme, String host) {
        return origin != null && normalize(origin).equals(own(scheme, host));
    }

    static String own(String scheme, String host) {
        return normalize((scheme == null ? "http" : scheme) + "://" + (host == null ? "" : host));
    }

    static String normalize(String origin) {
        String s = origin.trim().toLowerCase(Locale.ROOT);
        if (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.startsWith("https://") && s.endsWith(":443")) {
            return s.substring(0, s.length() - 4);
        }
        if (s.startsWith("http://") && s.endsWith(":80")) {
            return s.substring(0, s.length() - 3);
        }
        return s;
    }
}
