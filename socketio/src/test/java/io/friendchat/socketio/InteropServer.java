package io.friendchat.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The server the official clients talk to in the interop tests (JS and Java). Events:
 *
 * <ul>
 *   <li>{@code echo} → {@code echo-back} with the same arguments (binary included);
 *   <li>{@code ack-me} → acknowledged with its arguments;
 *   <li>{@code join} room → joins, acks {@code "joined"};
 *   <li>{@code say} room, text → {@code said} text to the room, sender left out;
 *   <li>{@code marker} → {@code marker} to every socket (ends a room scenario);
 *   <li>{@code ask-me} → the server emits {@code question} 42 with an ack, and emits {@code
 *       answer} with what the client acknowledged;
 *   <li>{@code kick} → the server drops the connection (as a network failure or restart would);
 *       {@code kick-all} → {@code disconnect(true)}; {@code leave-me} → {@code disconnect()}.
 * </ul>
 *
 * The namespace {@code /private} admits only {@code auth.token == "secret"} and otherwise
 * refuses with {@code {"message":"not authorized","data":{"code":401}}}.
 */
final class InteropServer implements AutoCloseable {
    final Server jetty;
    final SocketIoServer io;

    InteropServer(SocketIoOptions options) throws Exception {
        io = new SocketIoServer(options);
        io.sockets().onConnection(this::serve);
        io.of("/private")
                .use(socket -> {
                    JsonNode token = socket.handshake().auth().get("token");
                    if (token == null || !token.asText().equals("secret")) {
                        throw new ConnectRejectedException("not authorized", Map.of("code", 401));
                    }
                    socket.data().put("user", "alice");
                })
                .onConnection(socket -> {
                    serve(socket);
                    socket.emit("welcome", socket.data().get("user"));
                });
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        io.mount(context);
        jetty.setHandler(context);
        jetty.start();
    }

    InteropServer() throws Exception {
        this(SocketIoOptions.builder()
                .pingInterval(Duration.ofSeconds(2))
                .pingTimeout(Duration.ofSeconds(2))
                .build());
    }

    int port() {
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    private void serve(Socket socket) {
        socket.on("echo", (args, ack) -> socket.emit("echo-back", args.toArray()));
        socket.on("ack-me", (args, ack) -> ack.send(args.toArray()));
        socket.on("join", (args, ack) -> {
            socket.join(args.get(0).asText());
            ack.send("joined");
        });
        socket.on("say", (args, ack) -> socket.to(args.get(0).asText()).emit("said", args.get(1)));
        socket.on("marker", (args, ack) -> socket.namespace().emit("marker"));
        socket.on(
                "ask-me",
                (args, ack) -> socket.emitWithAck(Duration.ofSeconds(5), "question", 42)
                        .thenAccept(reply -> socket.emit("answer", reply.toArray())));
        socket.on("kick", (args, ack) -> socket.dropConnection());
        socket.on("kick-all", (args, ack) -> socket.disconnect(true));
        socket.on("leave-me", (args, ack) -> socket.disconnect());
        socket.on("boom", (args, ack) -> {
            throw new IllegalStateException("handler failure on purpose");
        });
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
        io.close();
    }
}
