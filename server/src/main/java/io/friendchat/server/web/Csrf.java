package io.friendchat.server.web;

import io.friendchat.server.common.ForbiddenException;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses cross-site state changes. A POST, PUT, PATCH or DELETE under {@code /api} must come
 * from the server's own origin or an allowed one (by its {@code Origin} header, or failing that
 * its {@code Referer}), and must be JSON or carry {@code X-Requested-With}: a plain HTML form on
 * another site can do neither. GET requests never change state, so they are not checked.
 */
public final class Csrf {
    private static final Set<String> UNSAFE = Set.of("POST", "PUT", "PATCH", "DELETE");
    private final OriginPolicy origins;

    public Csrf(OriginPolicy origins) {
        this.origins = origins;
    }

    public void check(Context ctx) {
        if (!UNSAFE.contains(ctx.method().name())) {
            return;
        }
        String origin = requestOrigin(ctx);
        if (origin == null) {
            throw new ForbiddenException("csrf", "Cross-site request refused: the request has no Origin or Referer.");
        }
        if (!origins.allows(origin, ctx.scheme(), ctx.host())) {
            throw new ForbiddenException("csrf", "Cross-site request refused: origin " + origin + " is not allowed.");
        }
        String type = ctx.contentType();
        boolean json = type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json");
        if (!json && ctx.header("X-Requested-With") == null) {
            throw new HttpProblem(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "Send the body as application/json (or, with no body, set X-Requested-With).");
        }
    }

    private static String requestOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin != null && !origin.isBlank() && !origin.equals("null")) {
            return origin.trim();
        }
        String referer = ctx.header("Referer");
        if (referer == null || referer.isBlank()) {
            return null;
        }
        try {
            URI uri = URI.create(referer.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return null;
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
