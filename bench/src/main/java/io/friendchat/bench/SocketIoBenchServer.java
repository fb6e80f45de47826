package io.friendchat.bench;

import io.friendchat.socketio.SocketIoOptions;
import io.friendchat.socketio.SocketIoServer;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Our server under test, doing exactly what bench/node-peer/server.js does, through the public
 * API of the socketio module only.
 *
 * <p>Contract: a client connecting to the main namespace with the handshake query
 * {@code room=NAME} is joined to that room; each {@code msg} event is broadcast to that room,
 * sender included (encoded once per broadcast by the module). Options match the Node peer:
 * permessage-deflate off, maxPayload 1e6, pingInterval 25 s, pingTimeout 20 s. GET /stats answers
 * heap use like the other bench servers.
 *
 * <p>Usage: {@code SocketIoBenchServer PORT}.
 */
public final class SocketIoBenchServer {
    private SocketIoBenchServer() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        SocketIoServer io = new SocketIoServer(SocketIoOptions.builder()
                .perMessageDeflate(false)
                .maxPayload(1_000_000)
                .pingInterval(Duration.ofSeconds(25))
                .pingTimeout(Duration.ofSeconds(20))
                .build());
        io.sockets().onConnection(socket -> {
            String room = socket.handshake().query("room");
            if (room != null && !room.isEmpty()) {
                socket.join(room);
                socket.on("msg", (eventArgs, ack) -> io.sockets().to(room).emit("msg", eventArgs.get(0)));
            }
        });

        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setAcceptQueueSize(4096); // the idle scenario opens thousands of sockets in bursts
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        io.mount(context);
        jetty.setHandler(new Handler.Sequence(
                new StatsHandler(() -> io.sockets().sockets().size()), context));
        jetty.start();
        System.out.println("friendchat socketio listening on 127.0.0.1:" + port + " pid "
                + ProcessHandle.current().pid() + " heapMax "
                + Runtime.getRuntime().maxMemory());
        jetty.join();
    }
}
