package io.friendchat.server.realtime;

import io.friendchat.server.web.OriginPolicy;
import io.friendchat.socketio.SocketIoOptions;
import io.friendchat.socketio.SocketIoServer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

/**
 * Puts the Socket.IO server at {@code /socket.io/} on the app's own port (so it runs over wss
 * when TLS is on) behind the same Origin rule as CORS: the server's own origin and the
 * allowlist. A handshake from any other origin gets 403 at once, with the Engine.IO error body
 * the official clients understand. No chat events live here; the chat gateway plugs into
 * {@link #io()}.
 *
 * <p>The check is a servlet filter rather than {@link SocketIoOptions#originAllowed()}, because
 * that hook sees only the Origin header, and the own origin also needs the request's scheme and
 * Host.
 */
public final class SocketMount implements AutoCloseable {
    static final String PATH = SocketIoServer.DEFAULT_PATH;
    private static final byte[] FORBIDDEN = "{\"code\":4,\"message\":\"Forbidden\"}".getBytes(StandardCharsets.UTF_8);

    private final SocketIoServer io;
    private final OriginPolicy origins;

    public SocketMount(OriginPolicy origins) {
        this.origins = origins;
        this.io = new SocketIoServer(SocketIoOptions.builder().build());
    }

    public SocketIoServer io() {
        return io;
    }

    /** Adds the origin filter and the Engine.IO servlet to the app's servlet context, before it starts. */
    public void install(ServletContextHandler context) {
        FilterHolder filter = new FilterHolder(new OriginFilter(origins));
        filter.setAsyncSupported(true); // the Engine.IO servlet behind it is asynchronous
        context.addFilter(filter, PATH + "/*", EnumSet.of(DispatcherType.REQUEST));
        io.mount(context, PATH);
    }

    @Override
    public void close() {
        io.close();
    }

    private static final class OriginFilter extends HttpFilter {
        private static final long serialVersionUID = 1L;
        private final transient OriginPolicy origins;

        OriginFilter(OriginPolicy origins) {
            this.origins = origins;
        }

        @Override
        protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
                throws IOException, ServletException {
            if (origins.allows(req.getHeader("Origin"), req.getScheme(), req.getHeader("Host"))) {
                chain.doFilter(req, res);
                return;
            }
            res.setStatus(HttpServletResponse.SC_FORBIDDEN);
            res.setContentType("application/json");
            res.setContentLength(FORBIDDEN.length);
            res.getOutputStream().write(FORBIDDEN);
        }
    }
}
