package io.friendchat.server.web;

import io.friendchat.server.Config;
import io.friendchat.server.HttpSettings;
import io.friendchat.server.file.FileRoutes;
import io.friendchat.server.tls.HttpsRedirect;
import io.friendchat.server.tls.TlsContext;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything between the socket and the routes: the connectors (HTTPS when configured, the
 * optional redirect port), trusted-proxy headers, security headers, CORS and the request limits.
 * The TLS key material is loaded in the constructor, so a bad certificate fails
 * {@code FriendChatServer.create} before any port opens.
 *
 * <p>Javalin's default context resolvers read the servlet request, which {@link ForwardedHeaders}
 * has already corrected, so {@code ctx.ip()} is the real client and {@code ctx.scheme()} is
 * {@code https} over TLS and behind a trusted proxy that says so; the Socket.IO handshake sees
 * the same values.
 */
public final class WebSecurity {
    private static final Logger log = LoggerFactory.getLogger(WebSecurity.class);
    /** How long the Socket.IO server holds a long-poll open (its default ping interval). */
    private static final Duration LONG_POLL_HOLD = Duration.ofSeconds(25);

    private static final String METHOD_OVERRIDE = "X-HTTP-Method-Override";

    private final Config config;
    private final HttpSettings http;
    private final OriginPolicy origins;
    private final SslContextFactory.Server tls;
    private final ConnectionsPerIp connectionsPerIp;

    public WebSecurity(Config config, OriginPolicy origins) {
        this.config = config;
        this.http = config.http();
        this.origins = origins;
        this.tls = http.tlsEnabled() ? TlsContext.create(http.tls(), config.dataDir()) : null;
        if (http.idleTimeout().compareTo(LONG_POLL_HOLD) <= 0) {
            log.warn(
                    "FRIENDCHAT_IDLE_TIMEOUT is {} s: Socket.IO long-polls are held up to {} s, so polling clients "
                            + "will be cut and reconnect; 30 s or more is advised",
                    http.idleTimeout().toSeconds(),
                    LONG_POLL_HOLD.toSeconds());
        }
        if (tls != null) {
            log.info(
                    "serving HTTPS on port {}{}",
                    config.port(),
                    http.redirectPort() >= 0
                            ? ", with plain HTTP on port " + http.redirectPort() + " redirecting to it"
                            : "");
        }
        this.connectionsPerIp = new ConnectionsPerIp(http.maxConnectionsPerIp(), http.trustedProxies());
    }

    /** Uploads whose routes refuse a body over their own, larger limit before reading it (see RawBody). */
    private static final java.util.Set<String> OWN_BODY_LIMIT = java.util.Set.of("/api/me/avatar");

    /** Installs the connectors, handlers and limits; call it after the request-id hook. */
    public void configure(JavalinConfig c) {
        c.http.maxRequestSize = http.maxBodyBytes();
        c.jetty.modifyHttpConfiguration(this::harden);
        c.jetty.addConnector(this::mainConnector);
        if (http.redirectPort() >= 0) {
            c.jetty.addConnector(this::redirectConnector);
        }
        c.jetty.modifyServer(server -> {
            server.insertHandler(new Cors(origins));
            if (http.redirectPort() >= 0) {
                // Outermost, so nothing on the redirect port reaches the application.
                server.insertHandler(
                        new HttpsRedirect(() -> ((ServerConnector) server.getConnectors()[0]).getLocalPort()));
            }
        });
        c.routes.before(WebSecurity::refuseMethodOverride);
        c.routes.before(this::refuseLargeBody);
    }

    /**
     * Javalin routes by {@code X-HTTP-Method-Override} when it is present (its
     * {@code Context.method()} reads it, on any request), so a GET or POST carrying it could
     * reach a DELETE route. No client of ours sends it, so it is refused outright.
     */
    private static void refuseMethodOverride(Context ctx) {
        if (ctx.req().getHeader(METHOD_OVERRIDE) != null) {
            throw new HttpProblem(
                    HttpStatus.BAD_REQUEST,
                    "method_override_refused",
                    "The X-HTTP-Method-Override header is not supported; send the real method instead.");
        }
    }

    private void harden(HttpConfiguration httpConfig) {
        httpConfig.setSendServerVersion(false);
        httpConfig.setSendXPoweredBy(false);
        httpConfig.setRequestHeaderSize(http.maxHeaderBytes());
        // Forwarded headers first: the security headers ask whether the request is secure.
        httpConfig.addCustomizer(new ForwardedHeaders(http.trustedProxies()));
        httpConfig.addCustomizer(new SecurityHeaders(http.hstsMaxAge()));
    }

    /** The app's port ({@code PORT}): HTTPS when TLS is configured, plain HTTP otherwise. */
    private Connector mainConnector(Server server, HttpConfiguration base) {
        ServerConnector connector;
        if (tls != null) {
            HttpConfiguration httpsConfig = new HttpConfiguration(base);
            httpsConfig.addCustomizer(new SecureRequestCustomizer(false));
            connector = new ServerConnector(server, tls, new HttpConnectionFactory(httpsConfig));
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(base));
        }
        return limited(connector, config.port());
    }

    private Connector redirectConnector(Server server, HttpConfiguration base) {
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(base));
        connector.setName(HttpsRedirect.CONNECTOR_NAME);
        return limited(connector, http.redirectPort());
    }

    private ServerConnector limited(ServerConnector connector, int port) {
        connector.setHost(config.host());
        connector.setPort(port);
        connector.setIdleTimeout(http.idleTimeout().toMillis());
        connector.addBean(connectionsPerIp);
        return connector;
    }

    /**
     * A declared body over the limit is refused before it is parsed (the error answer first drops
     * what is left of it, see {@link UnreadBody}). A chunked body without a length is cut by
     * Javalin's {@code maxRequestSize} when a handler reads it.
     */
    private void refuseLargeBody(Context ctx) {
        if (OWN_BODY_LIMIT.contains(ctx.path())) {
            return;
        }
        // An upload is streamed and counted against FRIENDCHAT_MAX_UPLOAD_BYTES by the file routes.
        if (ctx.req().getContentLengthLong() > http.maxBodyBytes() && !FileRoutes.isUpload(ctx)) {
            throw new HttpResponseException(HttpStatus.CONTENT_TOO_LARGE.getCode(), "The request body is too large.");
        }
    }
}
