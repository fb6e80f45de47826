package io.friendchat.server.web;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which browser origins may talk to this server: its own origin always, plus the configured
 * allowlist ({@code FRIENDCHAT_ALLOWED_ORIGINS}). CORS and the Socket.IO handshake both ask
 * here, so they can never disagree.
 *
 * <p>The own origin is the scheme of the request (already corrected for a trusted proxy) with its
 * {@code Host} header. Origins are compared after lower-casing and dropping a default port, so
 * {@code https://chat.example.com:443} and {@code https://chat.example.com} are the same.
 */
public final class OriginPolicy {
    private final Set<String> allowlist = new HashSet<>();

    public OriginPolicy(List<String> allowedOrigins) {
        for (String origin : allowedOrigins) {
            allowlist.add(normalize(origin));
        }
    }

    /** Whether the origin is on the configured allowlist (the own origin is not, unless listed). */
    public boolean isAllowlisted(String origin) {
        return origin != null && allowlist.contains(normalize(origin));
    }

    /** Whether {@code origin} is the origin this request was sent to. */
    public static boolean isSameOrigin(String origin, String scheme, String host) {
        if (origin == null || scheme == null || host == null || host.isEmpty()) {
            return false;
        }
        return normalize(origin).equals(normalize(scheme + "://" + host));
    }

    /**
     * Whether a request carrying this {@code Origin} header may proceed: no header (not a
     * cross-origin browser request), the own origin, or an allowlisted one.
     */
    public boolean allows(String origin, String scheme, String host) {
        return origin == null || isSameOrigin(origin, scheme, host) || isAllowlisted(origin);
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
