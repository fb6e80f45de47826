package io.friendchat.socketio;

import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServerContainer;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.WebSocketSessionListener;

/**
 * The server the official protocol test suites expect, on {@code localhost:PORT}.
 *
 * <ul>
 *   <li>{@code engine.io}: a raw Engine.IO echo at {@code /engine.io/}.
 *   <li>{@code socket.io}: at {@code /socket.io/}, emits {@code auth} with the CONNECT payload,
 *       answers {@code message} with {@code message-back}, acks {@code message-with-ack} with its
 *       arguments, and serves the namespace {@code /custom} the same way.
 * </ul>
 *
 * Both use pingInterval 300 ms, pingTimeout 200 ms, maxPayload 1e6 and connectTimeout 1000 ms.
 * Tests start it on port 0 with {@link #start(int, String)}.
 */
public final class ConformanceServer implements AutoCloseable {
    private final Server jetty;
    private final ServletContextHandler context;
    private final SocketIoServer io;
    private final EngineServer engine;

    private ConformanceServer(Server jetty, ServletContextHandler context, SocketIoServer io, EngineServer engine) {
        this.jetty = jetty;
        this.context = context;
        this.io = io;
        this.engine = engine;
    }

    static SocketIoOptions.Builder conformanceOptions() {
        return SocketIoOptions.builder()
                .pingInterval(Duration.ofMillis(300))
                .pingTimeout(Duration.ofMillis(200))
                .maxPayload(1_000_000)
                .connectTimeout(Duration.ofMillis(1000));
    }

    /**
     * The conformance settings with heartbeats slow enough that raw test clients, which do not
     * answer pings, keep their sessions for the length of a test.
     */
    static SocketIoOptions.Builder patientOptions() {
        return conformanceOptions()
                .pingInterval(Duration.ofSeconds(10))
                .pingTimeout(Duration.ofSeconds(10))
                .connectTimeout(Duration.ofSeconds(10));
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !(args[1].equals("engine.io") || args[1].equals("socket.io"))) {
            System.err.println("usage: ConformanceServer PORT engine.io|socket.io");
            System.exit(2);
        }
        ConformanceServer server = start(Integer.parseInt(args[0]), args[1]);
        System.out.println(args[1] + " conformance server listening on port " + server.port());
        server.jetty.join();
    }

    public static ConformanceServer start(int port, String mode) throws Exception {
        return start(port, mode, conformanceOptions().build());
    }

    static ConformanceServer start(int port, String mode, SocketIoOptions options) throws Exception {
        Server jetty = new Server();
        jetty.setStopTimeout(0); // tests stop servers with idle keep-alive clients still connected
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("localhost");
        connector.setPort(port);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        SocketIoServer io = null;
        EngineServer engine = null;
        if (mode.equals("engine.io")) {
            engine = new EngineServer(options, new SocketIoStats(), ConformanceServer::echo);
            JettyWebSocketServletContainerInitializer.configure(context, null);
            ServletHolder holder = new ServletHolder(new EngineServlet(engine));
            holder.setAsyncSupported(true);
            context.addServlet(holder, "/engine.io/*");
        } else {
            io = new SocketIoServer(options);
            io.sockets().onConnection(ConformanceServer::serve);
            io.of("/custom").onConnection(ConformanceServer::serve);
            io.mount(context);
        }
        jetty.setHandler(context);
        jetty.start();
        return new ConformanceServer(jetty, context, io, engine);
    }

    private static EngineSession.Listener echo(EngineSession session) {
        return new EngineSession.Listener() {
            @Override
            public void onMessage(String data) {
                session.send(Frame.text("4" + data));
            }

            @Override
            public void onBinary(byte[] data) {
                session.send(Frame.binary(data));
            }

            @Override
            public void onClose(String reason) {}
        };
    }

    private static void serve(Socket socket) {
        socket.emit("auth", socket.handshake().auth());
        socket.on("message", (args, ack) -> socket.emit("message-back", args.toArray()));
        socket.on("message-with-ack", (args, ack) -> ack.send(args.toArray()));
    }

    public int port() {
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    /** Lets a test see, and delay, Jetty's steps between a WebSocket's 101 and its open. */
    void addWebSocketListener(WebSocketSessionListener listener) {
        JettyWebSocketServerContainer.getContainer(context.getServletContext()).addSessionListener(listener);
    }

    /** The Socket.IO server (null in engine.io mode). */
    SocketIoServer io() {
        return io;
    }

    EngineSession session(String sid) {
        return io != null ? io.engine().session(sid) : engine.session(sid);
    }

    /** Whether a session the client closed still waits for a poll that was on its way. */
    boolean awaitsLastPoll(String sid) {
        return (io != null ? io.engine() : engine).closedAwaitingPoll(sid) != null;
    }

    int sessionCount() {
        return io != null ? io.sessionCount() : engine.sessionCount();
    }

    @Override
    public void close() throws Exception {
        if (io != null) {
            io.close();
        } else {
            engine.close();
        }
        jetty.stop();
    }
}
