package io.friendchat.server.web;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * CORS for the allowlisted origins only, in front of everything on the port (the API and
 * Socket.IO long-polling both need it). An allowlisted origin gets its own origin echoed with
 * credentials allowed, and its preflight is answered here. Any other cross-origin request gets
 * no CORS headers at all, so the browser keeps the answer from the page; its preflight gets 403.
 * Same-origin requests need no CORS and pass untouched.
 */
public final class Cors extends Handler.Wrapper {
    static final String METHODS = "GET, POST, PUT, PATCH, DELETE";
    static final String MAX_AGE = "600";
    private static final String REFUSED =
            "{\"code\":\"origin_not_allowed\",\"message\":\"This origin may not call FriendChat.\"}";

    private final OriginPolicy origins;

    public Cors(OriginPolicy origins) {
        this.origins = origins;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin == null) {
            return super.handle(request, response, callback);
        }
        // The answer depends on Origin, so caches must keep one copy per origin.
        response.getHeaders().add(HttpHeader.VARY, "Origin");
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (OriginPolicy.isSameOrigin(origin, request.getHttpURI().getScheme(), host)) {
            return super.handle(request, response, callback);
        }
        boolean preflight = HttpMethod.OPTIONS.is(request.getMethod())
                && request.getHeaders().contains(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD);
        if (!origins.isListed(origin)) {
            if (!preflight) {
                return super.handle(request, response, callback);
            }
            response.setStatus(403);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            Content.Sink.write(response, true, REFUSED, callback);
            return true;
        }
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        if (!preflight) {
            return super.handle(request, response, callback);
        }
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, METHODS);
        String requestedHeaders = request.getHeaders().get(HttpHeader.ACCESS_CONTROL_REQUEST_HEADERS);
        if (requestedHeaders != null) {
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, requestedHeaders);
        }
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_MAX_AGE, MAX_AGE);
        response.setStatus(204);
        callback.succeeded();
        return true;
    }
}
