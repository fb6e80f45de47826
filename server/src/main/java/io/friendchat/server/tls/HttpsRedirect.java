package io.friendchat.server.tls;

import java.util.function.IntSupplier;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers every request that came in on the plain-HTTP redirect connector with a 301 to the same
 * host, path and query over HTTPS; nothing on that port reaches the application. Requests on the
 * HTTPS connector pass through.
 */
public final class HttpsRedirect extends Handler.Wrapper {
    /** The name given to the redirect connector, so its requests can be told apart. */
    public static final String CONNECTOR_NAME = "http-redirect";

    private final IntSupplier httpsPort;

    /** {@code httpsPort} is asked per request, as the HTTPS port may be picked at start (port 0). */
    public HttpsRedirect(IntSupplier httpsPort) {
        this.httpsPort = httpsPort;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Connector connector = request.getConnectionMetaData().getConnector();
        if (connector == null || !CONNECTOR_NAME.equals(connector.getName())) {
            return super.handle(request, response, callback);
        }
        int port = httpsPort.getAsInt();
        HttpURI uri = request.getHttpURI();
        String location = HttpURI.build()
                .scheme("https")
                .host(Request.getServerName(request))
                .port(port == 443 ? -1 : port)
                .path(uri.getPath())
                .query(uri.getQuery())
                .asString();
        Response.sendRedirect(request, response, callback, 301, location, true);
        return true;
    }
}
