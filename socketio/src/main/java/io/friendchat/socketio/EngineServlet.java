package io.friendchat.socketio;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
            error(resp, 0);
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
                error(resp, 1);
                return;
            }
            if (!upgrade && !session.transportName().equals(transport)) {
                error(resp, 3);
                return;
            }
        } else {
            if (!"GET".equals(req.getMethod())) {
                error(resp, 2);
                return;
            }
            if ("websocket".equals(transport) && !upgrade) {
                error(resp, 3);
                return;
            }
        }
        if ((sid == null || upgrade) && !originAllowed(req.getHeader("Origin"))) {
            error(resp, 4);
            return;
        }
        if (sid == null && !"4".equals(query.get("EIO"))) {
            error(resp, 5);
            return;
        }
        if (upgrade) {
            if (!"websocket".equals(transport)) {
                error(resp, 3);
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
            error(resp, 3);
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
            error(resp, 3);
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
