package io.friendchat.socketio;

import static io.friendchat.socketio.Wire.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server API: middleware, rooms and broadcast, acks, failures, limits and options. */
class SocketIoServerTest {
    private ConformanceServer server;
    private Wire wire;

    private SocketIoServer start(SocketIoOptions options) throws Exception {
        server = ConformanceServer.start(0, "socket.io", options);
        wire = new Wire(server.port(), "/socket.io/");
        return server.io();
    }

    private SocketIoServer start() throws Exception {
        return start(ConformanceServer.conformanceOptions()
                .pingInterval(Duration.ofSeconds(5))
                .build());
    }

    /** A WebSocket test server with a small maxPayload, so that oversized messages are cheap to send. */
    private void startWithMaxPayload(int bytes) throws Exception {
        start(ConformanceServer.conformanceOptions()
                .pingInterval(Duration.ofSeconds(5))
                .maxPayload(bytes)
                .build());
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** The sockets that connect to {@code namespace} from now on, in the order they connect. */
    private static List<Socket> connectionsTo(Namespace namespace) {
        List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
        namespace.onConnection(sockets::add);
        return sockets;
    }

    /** A raw WebSocket client connected to a namespace; returns it after the CONNECT answer. */
    private Wire.Ws join(String nsp, String auth) {
        Wire.Ws ws = wire.ws("EIO=4&transport=websocket");
        ws.nextText();
        ws.send("40" + (nsp.equals("/") ? "" : nsp + ",") + auth);
        String answer = ws.nextNonPing();
        assertTrue(answer.startsWith("40"), answer);
        return ws;
    }

    @Test
    void middleware_sees_the_handshake_and_attaches_data() throws Exception {
        SocketIoServer io = start();
        AtomicReference<Socket> connected = new AtomicReference<>();
        io.of("/app")
                .use(socket -> {
                    Handshake h = socket.handshake();
                    socket.data().put("token", h.auth().get("token").asText());
                    socket.data().put("query", h.query("EIO"));
                    socket.data().put("address", h.remoteAddress());
                })
                .onConnection(connected::set);
        Wire.Ws ws = join("/app", "{\"token\":\"t1\"}");
        await("connection handler", () -> connected.get() != null);
        Map<String, Object> data = connected.get().data();
        assertEquals("t1", data.get("token"));
        assertEquals("4", data.get("query"));
        assertEquals("127.0.0.1", data.get("address"));
        ws.abort();
    }

    @Test
    void sockets_selected_by_a_room_join_leave_and_are_disconnected_together() throws Exception {
        SocketIoServer io = start();
        Namespace app = io.of("/app");
        app.onConnection(
                socket -> socket.join(socket.handshake().auth().get("user").asText()));
        Wire.Ws aliceOne = join("/app", "{\"user\":\"alice\"}");
        Wire.Ws aliceTwo = join("/app", "{\"user\":\"alice\"}");
        Wire.Ws bob = join("/app", "{\"user\":\"bob\"}");
        await("three sockets", () -> app.sockets().size() == 3);

        app.in("alice").socketsJoin("team");
        app.to("team").emit("hello", 1);
        assertEquals("42/app,[\"hello\",1]", aliceOne.nextNonPing());
        assertEquals("42/app,[\"hello\",1]", aliceTwo.nextNonPing());

        app.in("alice").socketsLeave("team");
        app.in("bob").local().socketsJoin("team");
        app.to("team").emit("hello", 2);
        assertEquals("42/app,[\"hello\",2]", bob.nextNonPing());

        app.in("alice").disconnectSockets(false);
        assertEquals("41/app,", aliceOne.nextNonPing());
        assertEquals("41/app,", aliceTwo.nextNonPing());
        await("alice's sockets gone", () -> app.sockets().size() == 1);
        app.emit("still", "here");
        assertEquals("42/app,[\"still\",\"here\"]", bob.nextNonPing(), "bob was left connected");
        bob.abort();
    }

    @Test
    void middleware_reads_cookies_and_headers() throws Exception {
        SocketIoServer io = start();
        AtomicReference<Handshake> seen = new AtomicReference<>();
        io.of("/app").use(socket -> seen.set(socket.handshake()));
        String sid = Wire.json(wire.send(java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create(wire.base + "?EIO=4&transport=polling"))
                                .header("Cookie", "a=1; session=\"abc\"; b=2")
                                .header("X-Custom", "yes"))
                        .body()
                        .substring(1))
                .get("sid")
                .asText();
        wire.post(wire.pollingQuery(sid), "40/app,");
        await("middleware", () -> seen.get() != null);
        assertEquals("abc", seen.get().cookie("session"));
        assertEquals("2", seen.get().cookie("b"));
        assertNull(seen.get().cookie("missing"));
        assertEquals("yes", seen.get().header("X-CUSTOM"));
    }

    @Test
    void middleware_rejection_sends_connect_error_with_message_and_data() throws Exception {
        SocketIoServer io = start();
        io.of("/app").use(socket -> {
            throw new ConnectRejectedException("go away", Map.of("retry", false));
        });
        Wire.Ws ws = wire.ws("EIO=4&transport=websocket");
        ws.nextText();
        ws.send("40/app,");
        assertEquals("44/app,{\"message\":\"go away\",\"data\":{\"retry\":false}}", ws.nextNonPing());
        ws.send("40/app,");
        assertEquals("44/app,{\"message\":\"go away\",\"data\":{\"retry\":false}}", ws.nextNonPing());
        ws.abort();
    }

    @Test
    void failing_middleware_is_refused_as_an_internal_error() throws Exception {
        SocketIoServer io = start();
        io.of("/app").use(socket -> {
            throw new IllegalStateException("bug");
        });
        Wire.Ws ws = wire.ws("EIO=4&transport=websocket");
        ws.nextText();
        ws.send("40/app,");
        assertEquals("44/app,{\"message\":\"Internal server error\"}", ws.nextNonPing());
        ws.abort();
    }

    @Test
    void a_throwing_handler_is_logged_with_socket_and_event_and_the_socket_goes_on() throws Exception {
        SocketIoServer io = start();
        AtomicReference<Socket> connected = new AtomicReference<>();
        io.of("/app").onConnection(socket -> {
            connected.set(socket);
            socket.on("boom", (args, ack) -> {
                throw new IllegalStateException("on purpose");
            });
            socket.on("ok", (args, ack) -> ack.send("still here"));
        });
        try (LogCapture log = new LogCapture(Socket.class)) {
            Wire.Ws ws = join("/app", "");
            ws.send("42/app,[\"boom\"]");
            ws.send("42/app,1[\"ok\"]");
            assertEquals("43/app,1[\"still here\"]", ws.nextNonPing());
            String id = connected.get().id();
            assertTrue(
                    log.messages().contains("socket " + id + ": handler failed for event 'boom'"),
                    log.messages().toString());
            ws.abort();
        }
    }

    @Test
    void rooms_broadcast_with_exceptions_and_to_several_rooms() throws Exception {
        SocketIoServer io = start();
        List<Socket> sockets = connectionsTo(io.of("/app"));
        Wire.Ws a = join("/app", "");
        Wire.Ws b = join("/app", "");
        Wire.Ws c = join("/app", "");
        await("three sockets", () -> sockets.size() == 3);
        Socket sa = sockets.get(0);
        Socket sb = sockets.get(1);
        Socket sc = sockets.get(2);
        sa.join("red");
        sb.join("red", "blue");
        sc.join("blue");
        assertEquals(Set.of(sb.id(), "red", "blue"), sb.rooms());
        Namespace app = io.of("/app");

        app.to("red").emit("m", 1); // a, b
        app.to("red", "blue").emit("m", 2); // a, b, c; b once
        app.to("blue").except("red").emit("m", 3); // c
        app.except(sa.id()).emit("m", 4); // b, c
        sb.to("red").emit("m", 5); // a (the sender b is left out)
        sb.leave("red");
        app.to("red").emit("m", 6); // a
        app.emit("m", 7); // everyone

        assertEquals(List.of("1", "2", "5", "6", "7"), numbers(a, 5));
        assertEquals(List.of("1", "2", "4", "7"), numbers(b, 4));
        assertEquals(List.of("2", "3", "4", "7"), numbers(c, 4));
        assertEquals(Set.of(sa.id()), app.to("red").socketIds());
        assertEquals(
                Set.of(sb.id(), sc.id()), app.to("red", "blue").except(sa.id()).socketIds());
        a.abort();
        b.abort();
        c.abort();
    }

    /**
     * A batch holds its frames in Jetty until it ends, then writes each connection's frames
     * together: they must all arrive, in the order they were sent, after frames sent before it,
     * even when the work fails.
     */
    @Test
    void frames_sent_in_a_batch_arrive_in_order_when_it_ends_even_if_it_fails() throws Exception {
        // No ping within the test's waits: a ping would also write out what a batch holds.
        SocketIoServer io = start(ConformanceServer.conformanceOptions()
                .pingInterval(Duration.ofSeconds(60))
                .build());
        List<Socket> sockets = connectionsTo(io.of("/app"));
        Wire.Ws a = join("/app", "");
        Wire.Ws b = join("/app", "");
        await("two sockets", () -> sockets.size() == 2);
        Namespace app = io.of("/app");
        String onlyA = sockets.get(0).id();

        app.emit("m", 1);
        io.batch(() -> {
            app.emit("m", 2);
            app.to(onlyA).emit("m", 3);
            io.batch(() -> app.emit("m", 4)); // joins the outer batch
            app.emit("m", 5);
        });
        RuntimeException failure = new RuntimeException("work failed");
        RuntimeException thrown = assertThrows(
                RuntimeException.class,
                () -> io.batch(() -> {
                    app.emit("m", 6);
                    throw failure;
                }));
        assertEquals(failure, thrown);

        // Nothing is sent after the batches: only their own flushes can deliver 2 to 6.
        assertEquals(List.of("1", "2", "3", "4", "5", "6"), numbers(a, 6));
        assertEquals(List.of("1", "2", "4", "5", "6"), numbers(b, 5));
        a.abort();
        b.abort();
    }

    private static List<String> numbers(Wire.Ws ws, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String packet = ws.nextNonPing();
            assertTrue(packet.startsWith("42/app,[\"m\","), packet);
            out.add(packet.substring("42/app,[\"m\",".length(), packet.length() - 1));
        }
        return out;
    }

    @Test
    void a_broadcast_is_encoded_once_and_handed_to_the_adapter_once() throws Exception {
        AtomicInteger broadcasts = new AtomicInteger();
        List<EncodedPacket> packets = new ArrayList<>();
        SocketIoServer io = start(ConformanceServer.conformanceOptions()
                .pingInterval(Duration.ofSeconds(5))
                .adapterFactory(ns -> new InMemoryAdapter(ns) {
                    @Override
                    public void broadcast(EncodedPacket packet, BroadcastOptions options) {
                        broadcasts.incrementAndGet();
                        packets.add(packet);
                        super.broadcast(packet, options);
                    }
                })
                .build());
        Wire.Ws a = join("/", "");
        Wire.Ws b = join("/", "");
        assertEquals("42[\"auth\",{}]", a.nextNonPing());
        assertEquals("42[\"auth\",{}]", b.nextNonPing());
        io.sockets().emit("news", new byte[] {7}, "text");
        assertEquals(1, broadcasts.get());
        assertEquals(
                "51-[\"news\",{\"_placeholder\":true,\"num\":0},\"text\"]",
                packets.get(0).text());
        for (Wire.Ws ws : List.of(a, b)) {
            assertEquals("451-[\"news\",{\"_placeholder\":true,\"num\":0},\"text\"]", ws.nextNonPing());
            assertEquals(7, ((byte[]) ws.nextNonPingMessage())[0]);
            ws.abort();
        }
    }

    @Test
    void emit_with_ack_completes_with_the_client_answer_or_times_out() throws Exception {
        SocketIoServer io = start();
        AtomicReference<Socket> connected = new AtomicReference<>();
        io.of("/app").onConnection(connected::set);
        Wire.Ws ws = join("/app", "");
        await("connection", () -> connected.get() != null);
        CompletableFuture<List<JsonNode>> answered = connected.get().emitWithAck(Duration.ofSeconds(5), "q", "x");
        assertEquals("42/app,0[\"q\",\"x\"]", ws.nextNonPing());
        ws.send("43/app,0[\"a\",2]");
        assertEquals("[\"a\",2]", Wire.JSON.valueToTree(Wire.join(answered)).toString());

        CompletableFuture<List<JsonNode>> ignored = connected.get().emitWithAck(Duration.ofMillis(200), "q");
        assertEquals("42/app,1[\"q\"]", ws.nextNonPing());
        ExecutionException e =
                assertThrows(ExecutionException.class, () -> ignored.get(5, java.util.concurrent.TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, e.getCause());
        ws.abort();
    }

    @Test
    void disconnect_listeners_hear_the_reason_and_rooms_are_left() throws Exception {
        SocketIoServer io = start();
        CompletableFuture<String> reason = new CompletableFuture<>();
        AtomicReference<Socket> connected = new AtomicReference<>();
        io.of("/app").onConnection(socket -> {
            socket.join("room");
            socket.onDisconnect(reason::complete);
            connected.set(socket);
        });
        Wire.Ws ws = join("/app", "");
        await("connection", () -> connected.get() != null);
        ws.send("41/app,");
        assertEquals("client namespace disconnect", Wire.join(reason));
        assertEquals(Set.of(), io.of("/app").adapter().sockets(Set.of("room")));
        assertFalse(connected.get().emit("late"));
        ws.abort();
    }

    @Test
    void server_side_disconnect_tells_the_client() throws Exception {
        SocketIoServer io = start();
        AtomicReference<Socket> connected = new AtomicReference<>();
        io.of("/app").onConnection(connected::set);
        Wire.Ws ws = join("/app", "");
        await("connection", () -> connected.get() != null);
        connected.get().disconnect();
        assertEquals("41/app,", ws.nextNonPing());
        connected.get().emit("ignored");
        ws.send("40/app,");
        assertTrue(ws.nextNonPing().startsWith("40/app,{\"sid\""));
        ws.abort();
    }

    @Test
    void a_polling_client_learns_of_a_server_close_on_its_next_poll() throws Exception {
        SocketIoServer io = start();
        AtomicReference<Socket> connected = new AtomicReference<>();
        io.of("/app").onConnection(connected::set);
        String sid = wire.openPolling();
        String q = wire.pollingQuery(sid);
        wire.post(q, "40/app,");
        assertTrue(wire.get(q).body().startsWith("40/app,"));
        connected.get().disconnect(true);
        assertEquals("41/app,\u001e1", wire.get(q).body());
        assertEquals(400, wire.get(q).statusCode());
    }

    @Test
    void refused_origin_gets_403_at_once_on_both_transports() throws Exception {
        start(ConformanceServer.conformanceOptions()
                .originAllowed(origin -> origin == null || origin.equals("https://chat.example"))
                .build());
        java.net.http.HttpResponse<String> refused = wire.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(wire.base + "?EIO=4&transport=polling"))
                        .header("Origin", "https://evil.example"));
        assertEquals(403, refused.statusCode());
        assertEquals("{\"code\":4,\"message\":\"Forbidden\"}", refused.body());
        assertEquals(
                200,
                wire.send(java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create(wire.base + "?EIO=4&transport=polling"))
                                .header("Origin", "https://chat.example"))
                        .statusCode());
        assertEquals(403, rawUpgrade("https://evil.example", false).status);
        assertEquals(101, rawUpgrade("https://chat.example", false).status);
    }

    @Test
    void websocket_compression_is_off_by_default() throws Exception {
        start();
        RawUpgrade upgrade = rawUpgrade(null, true);
        assertEquals(101, upgrade.status);
        assertFalse(upgrade.headers.toLowerCase().contains("permessage-deflate"), upgrade.headers);
    }

    @Test
    void websocket_compression_can_be_turned_on() throws Exception {
        start(ConformanceServer.conformanceOptions().perMessageDeflate(true).build());
        RawUpgrade upgrade = rawUpgrade(null, true);
        assertEquals(101, upgrade.status);
        assertTrue(upgrade.headers.toLowerCase().contains("permessage-deflate"), upgrade.headers);
    }

    private record RawUpgrade(int status, String headers) {}

    /** A hand-written upgrade request, to see exactly what the server negotiates. */
    private RawUpgrade rawUpgrade(String origin, boolean offerDeflate) throws Exception {
        try (java.net.Socket tcp = new java.net.Socket("localhost", server.port())) {
            tcp.setSoTimeout(5000);
            OutputStream out = tcp.getOutputStream();
            String request = "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
                    + "Host: localhost\r\n"
                    + "Upgrade: websocket\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n"
                    + (origin != null ? "Origin: " + origin + "\r\n" : "")
                    + (offerDeflate ? "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n" : "")
                    + "\r\n";
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(tcp.getInputStream(), StandardCharsets.US_ASCII));
            String status = in.readLine();
            StringBuilder headers = new StringBuilder();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                headers.append(line).append('\n');
            }
            return new RawUpgrade(Integer.parseInt(status.split(" ")[1]), headers.toString());
        }
    }

    @Test
    void a_slow_consumer_overflowing_its_queue_is_disconnected_and_logged() throws Exception {
        SocketIoServer io = start(ConformanceServer.conformanceOptions()
                .pingInterval(Duration.ofSeconds(5))
                .maxOutboundFrames(20)
                .build());
        CompletableFuture<String> reason = new CompletableFuture<>();
        io.of("/app").onConnection(socket -> socket.onDisconnect(reason::complete));
        String sid = wire.openPolling();
        wire.post(wire.pollingQuery(sid), "40/app,");
        await("connection", () -> io.of("/app").sockets().size() == 1);
        try (LogCapture log = new LogCapture(EngineSession.class)) {
            // The client never polls: the frames pile up until the bound.
            for (int i = 0; i < 25; i++) {
                io.of("/app").emit("flood", i);
            }
            assertEquals("outbound queue overflow", Wire.join(reason));
            assertTrue(
                    log.messages().stream().anyMatch(m -> m.contains(sid) && m.contains("overflow")),
                    log.messages().toString());
        }
        assertEquals(400, wire.get(wire.pollingQuery(sid)).statusCode());
        // The totals an application exports as metrics: the emit that did not fit lost its one
        // frame and closed the connection; those queued before it count as deliveries.
        assertEquals(1, io.stats().slowConsumerDisconnects());
        assertEquals(1, io.stats().outboundFramesDropped());
        long delivered = io.stats().broadcastDeliveries();
        assertTrue(delivered >= 15 && delivered < 20, "deliveries: " + delivered);
    }

    @Test
    void an_oversized_polling_body_is_refused_with_413() throws Exception {
        start(ConformanceServer.conformanceOptions().maxPayload(1000).build());
        String sid = wire.openPolling();
        assertEquals(
                413, wire.post(wire.pollingQuery(sid), "4" + "x".repeat(2000)).statusCode());
    }

    /**
     * A client still writing a body the server refuses must read the refusal, not a reset: the
     * server drops the rest of the body first, so the connection stays usable for the next request.
     */
    @Test
    void a_refused_polling_body_still_on_its_way_is_answered_and_the_connection_stays_usable() throws Exception {
        start(ConformanceServer.conformanceOptions().maxPayload(1000).build());
        String sid = wire.openPolling();

        List<String> tooLarge = postInTwoParts(wire.pollingQuery(sid), "4" + "x".repeat(200_000));
        assertEquals(List.of("413", "400"), tooLarge);

        List<String> unknownSession = postInTwoParts(wire.pollingQuery("unknown"), "4" + "x".repeat(500));
        assertEquals(List.of("400", "400"), unknownSession);
    }

    /**
     * POSTs {@code body} with a pause after its first 100 bytes, long enough for a server that
     * answers early to have answered and closed, then sends a GET on the same connection; returns
     * the two status codes, or fails if the connection was cut.
     */
    private List<String> postInTwoParts(String query, String body) throws Exception {
        try (java.net.Socket tcp = new java.net.Socket("localhost", server.port())) {
            tcp.setSoTimeout(5000);
            OutputStream out = tcp.getOutputStream();
            byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
            out.write(("POST /socket.io/?" + query + " HTTP/1.1\r\nHost: localhost\r\n"
                            + "Content-Type: text/plain;charset=UTF-8\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes, 0, 100);
            out.flush();
            Thread.sleep(300);
            out.write(bytes, 100, bytes.length - 100);
            out.write("GET /socket.io/?EIO=4&transport=polling&sid=unknown HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(tcp.getInputStream(), StandardCharsets.US_ASCII));
            List<String> statuses = new ArrayList<>();
            for (int answer = 0; answer < 2; answer++) {
                String status = in.readLine();
                assertNotNull(status, "the connection was closed after " + statuses);
                statuses.add(status.split(" ")[1]);
                int length = 0;
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(
                                line.substring("content-length:".length()).trim());
                    }
                }
                in.skip(length);
            }
            return statuses;
        }
    }

    @Test
    void an_oversized_websocket_message_closes_only_that_connection() throws Exception {
        startWithMaxPayload(1000);
        Wire.Ws big = join("/", "");
        Wire.Ws other = join("/", "");
        big.send("42[\"message\",\"" + "x".repeat(5000) + "\"]");
        big.awaitClose();
        other.nextNonPing(); // auth
        other.send("42[\"message\",\"fine\"]");
        assertEquals("42[\"message-back\",\"fine\"]", other.nextNonPing());
        other.abort();
    }

    @Test
    void a_websocket_message_sent_in_fragments_arrives_whole() throws Exception {
        start();
        Wire.Ws ws = join("/", "");
        ws.nextNonPing(); // auth
        ws.socket.sendText("42[\"message\",\"frag", false).join();
        ws.socket.sendText("mented ", false).join();
        ws.socket.sendText("message\"]", true).join();
        ws.send("42[\"message\",\"whole\"]");
        assertEquals("42[\"message-back\",\"fragmented message\"]", ws.nextNonPing());
        assertEquals("42[\"message-back\",\"whole\"]", ws.nextNonPing());
        ws.abort();
    }

    @Test
    void fragments_adding_up_to_more_than_max_payload_close_with_1009() throws Exception {
        startWithMaxPayload(1000);
        Wire.Ws ws = join("/", "");
        ws.socket.sendText("42[\"message\",\"" + "x".repeat(600), false).join();
        ws.socket.sendText("x".repeat(600) + "\"]", true);
        assertEquals(1009, ws.awaitCloseStatus());
    }

    @Test
    void a_websocket_ping_is_answered_with_a_pong() throws Exception {
        start();
        Wire.Ws ws = join("/", "");
        ws.socket
                .sendPing(java.nio.ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8)))
                .join();
        assertEquals("are you there", ws.nextPong());
        ws.abort();
    }

    @Test
    void close_ends_every_session() throws Exception {
        SocketIoServer io = start();
        Wire.Ws ws = join("/", "");
        wire.openPolling();
        assertEquals(2, io.sessionCount());
        io.close();
        ws.awaitClose();
        assertEquals(0, io.sessionCount());
    }
}
