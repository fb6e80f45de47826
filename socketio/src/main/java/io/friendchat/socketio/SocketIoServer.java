package io.friendchat.socketio;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;

/**
 * An Engine.IO v4 / Socket.IO v5 server that mounts on a Jetty 12 (ee10) servlet context, so it
 * shares the port of the application.
 *
 * <p>Standalone Jetty:
 *
 * <pre>{@code
 * SocketIoServer io = new SocketIoServer(SocketIoOptions.builder().build());
 * io.sockets().onConnection(socket -> socket.on("hello", (args, ack) -> ack.send("hi")));
 * Server jetty = new Server(8080);
 * ServletContextHandler context = new ServletContextHandler();
 * io.mount(context);              // serves /socket.io/
 * jetty.setHandler(context);
 * jetty.start();
 * }</pre>
 *
 * <p>With Javalin 7 (its routes keep working on the same port; {@code /socket.io/*} is a more
 * specific servlet mapping than Javalin's {@code /*}):
 *
 * <pre>{@code
 * SocketIoServer io = new SocketIoServer(SocketIoOptions.builder().build());
 * Javalin app = Javalin.create(config -> {
 *   config.jetty.modifyServletContextHandler(io::mount);
 *   config.routes.get("/health", ctx -> ctx.result("ok"));
 * }).start(8080);
 * // on shutdown: app.stop(); io.close();
 * }</pre>
 *
 * <p>Threads: one timer thread per server drives heartbeats and timeouts; everything else runs on
 * Jetty's threads. Nothing blocks on a slow client: each connection has a bounded outbound queue
 * ({@link SocketIoOptions#maxOutboundFrames()}) and is closed, with a logged warning, when it
 * overflows.
 */
public final class SocketIoServer implements AutoCloseable {
    /** Where {@link #mount(ServletContextHandler)} serves, as the official clients expect. */
    public static final String DEFAULT_PATH = "/socket.io";

    private final SocketIoOptions options;
    private final ObjectMapper json;
    private final PacketEncoder encoder;
    private final EngineServer engine;
    private final Map<String, Namespace> namespaces = new ConcurrentHashMap<>();
    private final SocketIoStats stats = new SocketIoStats();

    public SocketIoServer(SocketIoOptions options) {
        this.options = options;
        this.json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.encoder = new PacketEncoder(json);
        this.engine = new EngineServer(options, stats, session -> new Client(this, session));
        of("/");
    }

    public SocketIoOptions options() {
        return options;
    }

    /**
     * The Jackson mapper that decodes incoming payloads and encodes emitted arguments. Register
     * modules on it before the first emit (e.g. for {@code java.time} types).
     */
    public ObjectMapper json() {
        return json;
    }

    /** Running totals (broadcast deliveries, slow consumers) for the application's metrics. */
    public SocketIoStats stats() {
        return stats;
    }

    /** The main namespace {@code "/"}. */
    public Namespace sockets() {
        return of("/");
    }

    /** The namespace of this name, created on first use; a missing leading slash is added. */
    public Namespace of(String name) {
        String key = name.startsWith("/") ? name : "/" + name;
        return namespaces.computeIfAbsent(key, k -> new Namespace(this, k));
    }

    /**
     * Adds the Engine.IO servlet at {@code /socket.io/*} to a servlet context that has not started,
     * and makes sure the context has Jetty's WebSocket support.
     */
    public void mount(ServletContextHandler context) {
        mount(context, DEFAULT_PATH);
    }

    /** Like {@link #mount(ServletContextHandler)} at another path (e.g. {@code "/engine.io"}). */
    public void mount(ServletContextHandler context, String path) {
        JettyWebSocketServletContainerInitializer.configure(context, null);
        ServletHolder holder = new ServletHolder("engine.io" + path, servlet());
        holder.setAsyncSupported(true);
        context.addServlet(holder, path + "/*");
    }

    /**
     * A new servlet serving this server, for hosts that mount servlets themselves. It must be
     * async-supported, and the context must have Jetty WebSocket support.
     */
    public HttpServlet servlet() {
        return new EngineServlet(engine);
    }

    /**
     * Closes every connection the way a restarting server should: new connections are refused
     * (503), and each open one is closed at the transport level after the frames already queued
     * for it, so the official clients see {@code "transport close"} and reconnect by themselves
     * (a Socket.IO disconnect packet would tell them not to). A polling client gets its queued
     * frames and the close packet on its next poll; one that does not poll within {@code grace}
     * is cut. Then closes like {@link #close()}.
     */
    public void close(Duration grace) {
        engine.closeGracefully(grace.toMillis());
        close();
    }

    /** Closes every connection at once and stops the timer thread. */
    @Override
    public void close() {
        engine.close();
        for (Namespace namespace : namespaces.values()) {
            namespace.adapter().close();
        }
    }

    /**
     * Runs {@code work} on this thread with its WebSocket writes held back, then writes each
     * connection's frames together: one socket write per connection instead of one per frame. For
     * a thread that sends several broadcasts in a row, such as every message of one store commit;
     * each client still gets its frames in the order they were sent, once {@code work} returns.
     * A nested call joins the outer one. Polling clients are not affected: their frames wait for a
     * poll anyway.
     */
    public void batch(Runnable work) {
        WriteBatch.run(work);
    }

    /** Open Engine.IO connections, whether or not they joined a namespace yet. */
    public int sessionCount() {
        return engine.sessionCount();
    }

    Namespace existingNamespace(String name) {
        return namespaces.get(name);
    }

    PacketEncoder encoder() {
        return encoder;
    }

    EngineServer engine() {
        return engine;
    }
}
