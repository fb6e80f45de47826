package io.friendchat.socketio;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.server.Handshaker;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;

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
    private final transient Handshaker handshaker = Handshaker.newInstance();
    private transient WebSocketComponents components;
    /** Applied to every WebSocket before it opens. */
    private transient Configuration.ConfigurationCustomizer wsConfig;

    EngineServlet(EngineServer server) {
        this.server = server;
    }

    @Override
    public void init() throws ServletException {
        ServletContextHandler context = ServletContextHandler.getServletContextHandler(getServletContext());
        components = WebSocketServerComponents.ensureWebSocketComponents(context.getServer(), context);
        wsConfig = new Configuration.ConfigurationCustomizer();
        wsConfig.setIdleTimeout(Duration.ofMillis(server.pingInterval + server.pingTimeout + 5_000));
        wsConfig.setMaxTextMessageSize(server.maxPayload);
        wsConfig.setMaxBinaryMessageSize(server.maxPayload);
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

    /**
     * Upgrades through Jetty's core WebSocket handshake, as Jetty's own servlet container does, but
     * with a core {@link WsConnection} (see there why not the WebSocket API).
     */
    private void upgrade(HttpServletRequest req, HttpServletResponse resp, String sid, Map<String, String> query)
            throws IOException {
        Handshake handshake = handshake(req, query);
        boolean deflate = server.options.perMessageDeflate();
        WebSocketNegotiator negotiator = new WebSocketNegotiator() {
            @Override
            public FrameHandler negotiate(
                    ServerUpgradeRequest upgradeRequest, ServerUpgradeResponse upgradeResponse, Callback callback) {
                if (!deflate) {
                    upgradeResponse.setExtensions(List.of());
                }
                WsConnection conn = new WsConnection(server, handshake, sid);
                if (sid != null) {
                    conn.claimUpgrade();
                }
                return conn;
            }
        };
        ServletContextRequest base = ServletContextRequest.getServletContextRequest(req);
        FutureCallback done = new FutureCallback();
        boolean upgraded = handshaker.upgradeRequest(
                negotiator, base, base.getServletContextResponse(), done, components, wsConfig);
        if (upgraded) {
            done.block();
        } else if (!resp.isCommitted()) {
            error(req, resp, 3);
        }
    }

    /**
     * Headers that only serve the HTTP exchange or the WebSocket handshake itself: a handler has no
     * use for them once the connection is open, so they are not kept for its whole life.
     */
    private static final Set<String> NOT_KEPT = Set.of(
            "connection",
            "upgrade",
            "sec-websocket-key",
            "sec-websocket-version",
            "sec-websocket-extensions",
            "content-length",
            "content-type",
            "accept-encoding",
            "cache-control",
            "pragma");

    private static Handshake handshake(HttpServletRequest req, Map<String, String> query) {
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            // Interned: every connection sends the same few names.
            String key = name.toLowerCase(Locale.ROOT).intern();
            if (!NOT_KEPT.contains(key)) {
                headers.merge(key, Collections.list(req.getHeaders(name)), (a, b) -> {
                    List<String> both = new ArrayList<>(a);
                    both.addAll(b);
                    return both;
                });
            }
        }
        headers.replaceAll((key, values) -> List.copyOf(values));
        return new Handshake(Map.copyOf(headers), query, req.getRemoteAddr(), req.isSecure(), Instant.now(), null);
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
        return Map.copyOf(out); // compact: it stays with the connection
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
