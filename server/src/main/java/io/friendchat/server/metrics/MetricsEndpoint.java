package io.friendchat.server.metrics;

import io.friendchat.server.OpsSettings;
import io.friendchat.server.tls.HttpsRedirect;
import io.friendchat.server.web.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /metrics}, which is never public by default. With {@code FRIENDCHAT_METRICS_PORT} it
 * is served on a management connector of its own that serves nothing else; otherwise, with
 * {@code FRIENDCHAT_METRICS_TOKEN}, on the app's port. When a token is set, a request without
 * {@code Authorization: Bearer TOKEN} gets 401. With neither, {@code /metrics} is an unknown path
 * (404). It sits in front of the application, so a scrape is not counted as chat traffic.
 */
public final class MetricsEndpoint extends Handler.Wrapper {
    /** The name of the management connector, so that its requests can be told apart. */
    public static final String CONNECTOR_NAME = "metrics";

    private static final String PATH = "/metrics";
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final ServerMetrics metrics;
    private final OpsSettings ops;
    private final byte[] token;

    public MetricsEndpoint(ServerMetrics metrics, OpsSettings ops) {
        this.metrics = metrics;
        this.ops = ops;
        this.token = ops.metricsToken() == null ? null : ops.metricsToken().getBytes(StandardCharsets.UTF_8);
    }

    /** The management connector on {@code host}, when a metrics port is configured. */
    public static ServerConnector connector(Server server, String host, int port) {
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory());
        connector.setName(CONNECTOR_NAME);
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Connector connector = request.getConnectionMetaData().getConnector();
        boolean management = connector != null && CONNECTOR_NAME.equals(connector.getName());
        boolean metricsPath = PATH.equals(Request.getPathInContext(request));
        boolean appPort = connector == null || !HttpsRedirect.CONNECTOR_NAME.equals(connector.getName());
        if (!management && !(metricsPath && appPort && ops.metricsOnAppPort())) {
            return super.handle(request, response, callback);
        }
        if (!metricsPath) {
            answer(response, callback, 404, "not_found", "Only /metrics is served on this port.");
        } else if (!"GET".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET");
            answer(response, callback, 405, "method_not_allowed", "Use GET.");
        } else if (!authorized(request)) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"metrics\"");
            answer(response, callback, 401, "unauthorized", "Send the metrics token as 'Authorization: Bearer'.");
        } else {
            byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
        }
        return true;
    }

    private boolean authorized(Request request) {
        if (token == null) {
            return true;
        }
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token);
    }

    private static void answer(Response response, Callback callback, int status, String code, String message)
            throws Exception {
        byte[] body = Json.MAPPER.writeValueAsBytes(Map.of("code", code, "message", message));
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
