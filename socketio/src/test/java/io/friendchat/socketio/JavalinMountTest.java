package io.friendchat.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server mounted in a Javalin 7 app, sharing its port, exactly as the class Javadoc shows. */
class JavalinMountTest {
    private static SocketIoServer socketIo;
    private static Javalin app;

    @BeforeAll
    static void start() {
        socketIo = new SocketIoServer(SocketIoOptions.builder().build());
        socketIo.sockets()
                .onConnection(socket -> socket.on(
                        "hello", (args, ack) -> ack.send("hi " + args.get(0).asText())));
        app = Javalin.create(config -> {
                    config.jetty.modifyServletContextHandler(socketIo::mount);
                    config.routes.get("/health", ctx -> ctx.result("ok"));
                    config.routes.ws("/echo", ws -> ws.onMessage(ctx -> ctx.send(ctx.message())));
                })
                .start("localhost", 0);
    }

    @AfterAll
    static void stop() {
        app.stop();
        socketIo.close();
    }

    @Test
    void javalin_routes_still_answer() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + "/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("ok", response.body());
    }

    @Test
    void javalin_websocket_routes_still_work() {
        Wire.Ws ws = Wire.Ws.open("ws://localhost:" + app.port() + "/echo");
        ws.send("ping");
        assertEquals("ping", ws.nextText());
        ws.abort();
    }

    @Test
    void engine_io_answers_on_the_same_port() {
        Wire wire = new Wire(app.port(), "/socket.io/");
        String sid = wire.openPolling();
        assertTrue(!sid.isEmpty());
        assertEquals(400, wire.get("EIO=4").statusCode());
    }

    @Test
    void official_java_client_connects_over_polling_and_websocket() throws Exception {
        for (List<String> transports :
                List.of(List.of("polling"), List.of("websocket"), List.of("polling", "websocket"))) {
            IO.Options options = new IO.Options();
            options.forceNew = true;
            options.transports = transports.toArray(String[]::new);
            Socket client = IO.socket(URI.create("http://localhost:" + app.port()), options);
            CompletableFuture<Object[]> reply = new CompletableFuture<>();
            client.on(Socket.EVENT_CONNECT, args -> client.emit("hello", new Object[] {"there"}, reply::complete));
            client.connect();
            try {
                assertEquals("hi there", Wire.join(reply)[0], "over " + transports);
            } finally {
                client.close();
            }
        }
    }
}
