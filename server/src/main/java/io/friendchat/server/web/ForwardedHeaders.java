package io.friendchat.server.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Believes {@code X-Forwarded-For} and {@code X-Forwarded-Proto} only from a trusted proxy, and
 * rewrites the request's peer address and scheme before any handler sees it. Working at the
 * Jetty level means Javalin's {@code ctx.ip()} and {@code ctx.scheme()} (whose resolvers read
 * the servlet request) and the Socket.IO handshake all see the same client address and scheme.
 *
 * <p>The client is the right-most {@code X-Forwarded-For} entry that is not itself a trusted
 * proxy: entries to the left of it were written by the client and can be anything.
 */
public final class ForwardedHeaders implements HttpConfiguration.Customizer {
    private final TrustedProxies proxies;

    public ForwardedHeaders(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
        if (proxies.isEmpty() || !(remote instanceof InetSocketAddress peer) || !proxies.contains(peer.getAddress())) {
            return request;
        }
        InetAddress client = client(request.getHeaders().getValuesList("X-Forwarded-For"));
        String proto = lastToken(request.getHeaders().getValuesList("X-Forwarded-Proto"));
        boolean secure = proto == null ? request.isSecure() : proto.equals("https");
        if (client == null && proto == null) {
            return request;
        }
        SocketAddress clientAddress = client == null ? remote : new InetSocketAddress(client, 0);
        HttpURI uri = proto == null
                ? request.getHttpURI()
                : HttpURI.build(request.getHttpURI())
                        .scheme(secure ? "https" : "http")
                        .asImmutable();
        ConnectionMetaData meta = new ConnectionMetaData.Wrapper(request.getConnectionMetaData()) {
            @Override
            public SocketAddress getRemoteSocketAddress() {
                return clientAddress;
            }

            @Override
            public boolean isSecure() {
                return secure;
            }
        };
        return new Request.Wrapper(request) {
            @Override
            public ConnectionMetaData getConnectionMetaData() {
                return meta;
            }

            @Override
            public HttpURI getHttpURI() {
                return uri;
            }

            @Override
            public boolean isSecure() {
                return secure;
            }
        };
    }

    private InetAddress client(List<String> headers) {
        List<String> hops = new ArrayList<>();
        for (String header : headers) {
            for (String hop : header.split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop.trim());
                }
            }
        }
        InetAddress client = null;
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = TrustedProxies.literal(withoutPort(hops.get(i)));
            if (hop == null) {
                break; // garbage: keep the last address we could read
            }
            client = hop;
            if (!proxies.contains(hop)) {
                break;
            }
        }
        return client;
    }

    /** Strips a port from {@code 1.2.3.4:5678} or {@code [::1]:5678}; a bare IPv6 address is kept. */
    private static String withoutPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end < 0 ? hop : hop.substring(0, end + 1);
        }
        int colon = hop.indexOf(':');
        return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
    }

    private static String lastToken(List<String> headers) {
        String last = null;
        for (String header : headers) {
            for (String token : header.split(",")) {
                if (!token.isBlank()) {
                    last = token.trim().toLowerCase(Locale.ROOT);
                }
            }
        }
        return last == null || (!last.equals("https") && !last.equals("http")) ? null : last;
    }
}
