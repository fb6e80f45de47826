package io.friendchat.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.server.WebSocketUpgradeHandler;

/**
 * The physical-limit baseline: Jetty 12 core WebSocket at /raw with no protocol at all. Every
 * text frame a client sends is copied once and the same bytes are written to every connected
 * session, sender included. The generator sends exactly the bytes of a Socket.IO {@code 42["msg",...]}
 * event, so frame sizes match the Socket.IO runs and only the protocol work differs.
 *
 * <p>Usage: {@code RawWsServer PORT}. Also answers GET /stats like the other bench servers.
 */
public final class RawWsServer {
    private final Set<CoreSession> sessions = ConcurrentHashMap.newKeySet();

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        new RawWsServer().start(port).join();
    }

    Server start(int port) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setAcceptQueueSize(4096); // idle scenario opens thousands of sockets in bursts
        server.addConnector(connector);
        WebSocketUpgradeHandler ws = new WebSocketUpgradeHandler();
        ws.getConfiguration().setIdleTimeout(Duration.ofMinutes(10));
        ws.getConfiguration().setMaxTextMessageSize(1_000_000);
        ws.addMapping("/raw", (request, response, callback) -> new Broadcaster());
        ws.setHandler(new StatsHandler(sessions::size));
        server.setHandler(ws);
        server.start();
        System.out.println("raw-ws listening on 127.0.0.1:" + port + " pid "
                + ProcessHandle.current().pid() + " heapMax "
                + Runtime.getRuntime().maxMemory());
        return server;
    }

    private final class Broadcaster implements FrameHandler {
        private CoreSession session;

        @Override
        public void onOpen(CoreSession coreSession, Callback callback) {
            session = coreSession;
            sessions.add(coreSession);
            callback.succeeded();
            coreSession.demand();
        }

        @Override
        public void onFrame(Frame frame, Callback callback) {
            if (frame.getOpCode() == OpCode.TEXT) {
                ByteBuffer payload = frame.getPayload();
                byte[] bytes = new byte[payload.remaining()];
                payload.get(bytes);
                for (CoreSession s : sessions) {
                    s.sendFrame(new Frame(OpCode.TEXT, ByteBuffer.wrap(bytes)), Callback.NOOP, false);
                }
            }
            callback.succeeded();
            session.demand();
        }

        @Override
        public void onError(Throwable cause, Callback callback) {
            callback.succeeded();
        }

        @Override
        public void onClosed(CloseStatus closeStatus, Callback callback) {
            sessions.remove(session);
            callback.succeeded();
        }
    }
}
