package io.friendchat.socketio;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServerContainer;

/**
 * The HTTP entry point of Engine.IO: checks every request as the reference server does, then
 * answers long-polling requests or hands WebSocket upgrades to Jetty.
 */
final class EngineServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private static final String[] MESSAGES = {
        "Transport unknown",
        "Session ID unknown",
        "Bad handshake method",
        "Bad request",
        "Forbidden",
        "Unsupported protocol version"
    };

    /** The most of an unused request body read and dropped before an error answer, like Tomcat's. */
    static final long DISCARD_LIMIT = 2L * 1024 * 1024;

    private final transient EngineServer server;
    private transient JettyWebSocketServerContainer container;

    EngineServlet(EngineServer server) {
        this.server = server;
    }

    @Override
    public void init() throws ServletException {
        container = JettyWebSocketServerContainer.ensureContainer(getServletContext());
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        Map<String, String> query = parseQuery(req.getQueryString());
        String transport = query.get("transport");
        if (!"polling".equals(transport) && !"websocket".equals(transport)) {
            error(req, resp, 0);
            return;
        }
        boolean upgrade = "websocket".equalsIgnoreCase(req.getHeader("Upgrade"));
        String sid = query.get("sid");
        EngineSession session = null;
        if (sid != null) {
            session = server.session(sid);
            if (session == null && !upgrade && "GET".equals(req.getMethod())) {
                session = server.closedAwaitingPoll(sid);
            }
            if (session == null) {
                error(req, resp, 1);
                return;
            }
            if (!upgrade && !session.transportName().equals(transport)) {
                error(req, resp, 3);
                return;
            }
        } else {
            if (!"GET".equals(req.getMethod())) {
                error(req, resp, 2);
                return;
            }
            if ("websocket".equals(transport) && !upgrade) {
                error(req, resp, 3);
                return;
            }
        }
        if ((sid == null || upgrade) && !originAllowed(req.getHeader("Origin"))) {
            error(req, resp, 4);
            return;
        }
        if (sid == null && !"4".equals(query.get("EIO"))) {
            error(req, resp, 5);
            return;
        }
        if (sid == null && server.closing()) {
            // Shutting down: the client retries with its reconnection backoff, perhaps elsewhere.
            discardBody(req, resp);
            resp.setStatus(503);
            resp.setHeader("Retry-After", "1");
            return;
        }
        if (upgrade) {
            if (!"websocket".equals(transport)) {
                error(req, resp, 3);
                return;
            }
            // A WebSocket for a session that has upgraded, or is upgrading, is accepted and then
            // closed, as the reference does (see WsConnection#onWebSocketOpen): clients and the
            // protocol test suite wait for a close, not for a failed handshake.
            upgrade(req, resp, sid, query);
        } else if (session == null) {
            Handshake handshake = handshake(req, query);
            EngineSession created = server.open(handshake, null);
            created.handleGet(req, resp);
        } else if ("GET".equals(req.getMethod())) {
            session.handleGet(req, resp);
        } else if ("POST".equals(req.getMethod())) {
            session.handlePost(req, resp);
        } else {
            error(req, resp, 3);
        }
    }

    private boolean originAllowed(String origin) {
        try {
            return server.options.originAllowed().test(origin);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void upgrade(HttpServletRequest req, HttpServletResponse resp, String sid, Map<String, String> query)
            throws IOException {
        Handshake handshake = handshake(req, query);
        boolean deflate = server.options.perMessageDeflate();
        boolean upgraded = container.upgrade(
                (upgradeRequest, upgradeResponse) -> {
                    if (!deflate) {
                        upgradeResponse.setExtensions(List.of());
                    }
                    WsConnection conn = new WsConnection(server, handshake, sid);
                    if (sid != null) {
                        conn.claimUpgrade();
                    }
                    return conn;
                },
                req,
                resp);
        if (!upgraded && !resp.isCommitted()) {
            error(req, resp, 3);
        }
    }

    private static Handshake handshake(HttpServletRequest req, Map<String, String> query) {
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), Collections.list(req.getHeaders(name)));
        }
        return new Handshake(
                Collections.unmodifiableMap(headers),
                query,
                req.getRemoteAddr(),
                req.isSecure(),
                Instant.now(),
                JsonNodeFactory.instance.objectNode());
    }

    static Map<String, String> parseQuery(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new HashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.putIfAbsent(
                        URLDecoder.decode(key, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // a malformed escape: keep the raw text, the checks above will refuse it if it matters
                out.putIfAbsent(key, value);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Answers an error for a request whose body may still be on its way: the rest of the body is
     * read and dropped first (see {@link #discardBody}).
     */
    static void error(HttpServletRequest req, HttpServletResponse resp, int code) throws IOException {
        discardBody(req, resp);
        error(resp, code);
    }

    /**
     * Reads and drops what is left of a request body that will not be used, up to
     * {@link #DISCARD_LIMIT} bytes. If the server answered and closed while the client was still
     * writing, the unread bytes would make the kernel reset the connection and the client would
     * lose the answer (it would see a reset, not the 400 or 413). Jetty itself only consumes what
     * has already arrived. A body declared larger is not read, and the answer closes the
     * connection.
     */
    static void discardBody(HttpServletRequest req, HttpServletResponse resp) {
        if (req.getContentLengthLong() > DISCARD_LIMIT) {
            resp.setHeader("Connection", "close");
            return;
        }
        try {
            InputStream in = req.getInputStream();
            in.skip(DISCARD_LIMIT); // InputStream.skip reads until it has skipped that much or the body ends
            if (in.read() >= 0) {
                resp.setHeader("Connection", "close");
            }
        } catch (IOException | IllegalStateException e) {
            // The client went away or the body was cut: nothing left to drop.
        }
    }

    /** Answers like the reference server: 400 (403 for code 4) with {@code {code, message}}. */
    static void error(HttpServletResponse resp, int code) throws IOException {
        byte[] body =
                ("{\"code\":" + code + ",\"message\":\"" + MESSAGES[code] + "\"}").getBytes(StandardCharsets.UTF_8);
        resp.setStatus(code == 4 ? 403 : 400);
        resp.setContentType("application/json");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
