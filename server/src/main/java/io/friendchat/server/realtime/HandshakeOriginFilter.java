package io.friendchat.server.realtime;

import io.friendchat.server.web.OriginPolicy;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Refuses Socket.IO requests from a foreign browser origin, with 403 at once, so that another
 * site cannot open a socket with our users' cookies (cross-site WebSocket hijacking). Requests
 * with no Origin are let through: browsers always send one on cross-site requests and WebSocket
 * handshakes, and native clients authenticate with a token instead of a cookie.
 */
final class HandshakeOriginFilter implements Filter {
    private static final byte[] FORBIDDEN = "{\"code\":4,\"message\":\"Forbidden\"}".getBytes(StandardCharsets.UTF_8);

    private final OriginPolicy origins;

    HandshakeOriginFilter(OriginPolicy origins) {
        this.origins = origins;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        String origin = http.getHeader("Origin");
        if (origin != null && !origins.allows(origin, http.getScheme(), http.getHeader("Host"))) {
            HttpServletResponse out = (HttpServletResponse) response;
            out.setStatus(HttpServletResponse.SC_FORBIDDEN);
            out.setContentType("application/json");
            out.setContentLength(FORBIDDEN.length);
            out.getOutputStream().write(FORBIDDEN);
            return;
        }
        chain.doFilter(request, response);
    }
}
