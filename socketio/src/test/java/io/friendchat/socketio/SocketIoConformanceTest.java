package io.friendchat.socketio;

import static io.friendchat.socketio.Wire.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The behaviours of the socket.io-protocol v5 test suite, against the conformance server. */
class SocketIoConformanceTest {
    private static ConformanceServer server;
    private static Wire wire;

    @BeforeAll
    static void start() throws Exception {
        // Slow heartbeats: these raw clients do not answer pings (heartbeats are tested in
        // EngineIoConformanceTest); the suite's 1 s connectTimeout is kept.
        server = ConformanceServer.start(
                0,
                "socket.io",
                ConformanceServer.patientOptions()
                        .connectTimeout(java.time.Duration.ofSeconds(1))
                        .build());
        wire = new Wire(server.port(), "/socket.io/");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** An Engine.IO WebSocket session, handshake read, that answers no pings. */
    private static Wire.Ws engine() {
        Wire.Ws ws = wire.ws("EIO=4&transport=websocket");
        assertTrue(ws.nextText().startsWith("0{"));
        return ws;
    }

    /** A session connected to the main namespace, with the "auth" event consumed. */
    private static Wire.Ws connected() {
        Wire.Ws ws = engine();
        ws.send("40");
        assertTrue(ws.nextNonPing().startsWith("40{"));
        assertEquals("42[\"auth\",{}]", ws.nextNonPing());
        return ws;
    }

    @Test
    void a_post_while_the_server_closes_a_polling_session_is_accepted_and_dropped() {
        // The suite's polling heartbeat case can outlast its 1 s connectTimeout on a loaded
        // machine: the server then closes the session while the client sends its pong.
        String sid = wire.openPolling();
        Wire.await(
                "the connect timeout to close the session",
                () -> server.session(sid).isClosing());
        java.net.http.HttpResponse<String> post = wire.post(wire.pollingQuery(sid), "40");
        assertEquals(200, post.statusCode());
        assertEquals("ok", post.body());
        // The close packet, and no CONNECT answer: the 40 was dropped.
        assertEquals("1", wire.get(wire.pollingQuery(sid)).body());
        assertEquals(400, wire.get(wire.pollingQuery(sid)).statusCode());
    }

    private static void assertConnectAck(String packet, String prefix) {
        assertTrue(packet.startsWith(prefix), packet);
        JsonNode body = json(packet.substring(prefix.length()));
        Set<String> keys = new HashSet<>();
        body.fieldNames().forEachRemaining(keys::add);
        assertEquals(Set.of("sid"), keys);
        assertTrue(body.get("sid").isTextual());
    }

    @Test
    void connects_to_the_main_namespace() {
        Wire.Ws ws = engine();
        ws.send("40");
        assertConnectAck(ws.nextNonPing(), "40");
        assertEquals("42[\"auth\",{}]", ws.nextNonPing());
        ws.abort();
    }

    @Test
    void connects_to_the_main_namespace_with_an_auth_payload() {
        Wire.Ws ws = engine();
        ws.send("40{\"token\":\"123\"}");
        assertConnectAck(ws.nextNonPing(), "40");
        assertEquals("42[\"auth\",{\"token\":\"123\"}]", ws.nextNonPing());
        ws.abort();
    }

    @Test
    void connects_to_a_custom_namespace() {
        Wire.Ws ws = engine();
        ws.send("40/custom,");
        assertConnectAck(ws.nextNonPing(), "40/custom,");
        assertEquals("42/custom,[\"auth\",{}]", ws.nextNonPing());
        ws.abort();
    }

    @Test
    void connects_to_a_custom_namespace_with_an_auth_payload() {
        Wire.Ws ws = engine();
        ws.send("40/custom,{\"token\":\"abc\"}");
        assertConnectAck(ws.nextNonPing(), "40/custom,");
        assertEquals("42/custom,[\"auth\",{\"token\":\"abc\"}]", ws.nextNonPing());
        ws.abort();
    }

    @Test
    void refuses_an_unknown_namespace() {
        Wire.Ws ws = engine();
        ws.send("40/random");
        assertEquals("44/random,{\"message\":\"Invalid namespace\"}", ws.nextNonPing());
        ws.abort();
    }

    @Test
    void closes_on_an_invalid_connect() {
        Wire.Ws ws = engine();
        ws.send("4abc");
        ws.awaitClose();
    }

    @Test
    void after_disconnecting_the_main_namespace_its_events_close_the_connection() {
        Wire.Ws ws = connected();
        ws.send("41");
        ws.send("42[\"message\",\"too late\"]");
        ws.awaitClose();
    }

    @Test
    void disconnecting_a_custom_namespace_keeps_the_main_one() {
        Wire.Ws ws = connected();
        ws.send("40/custom");
        assertConnectAck(ws.nextNonPing(), "40/custom,");
        assertEquals("42/custom,[\"auth\",{}]", ws.nextNonPing());
        ws.send("41/custom");
        ws.send("42[\"message\",\"message to main namespace\"]");
        assertEquals("42[\"message-back\",\"message to main namespace\"]", ws.nextNonPing());
        ws.abort();
    }

    @Test
    void echoes_a_plain_event() {
        Wire.Ws ws = connected();
        ws.send("42[\"message\",1,\"2\",{\"3\":[true]}]");
        assertEquals("42[\"message-back\",1,\"2\",{\"3\":[true]}]", ws.nextNonPing());
        ws.abort();
    }

    @Test
    void echoes_an_event_with_binary_attachments() {
        Wire.Ws ws = connected();
        ws.send("452-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        ws.sendBinary(new byte[] {1, 2, 3});
        ws.sendBinary(new byte[] {4, 5, 6});
        assertEquals(
                "452-[\"message-back\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]",
                ws.nextNonPing());
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) ws.nextNonPingMessage());
        assertArrayEquals(new byte[] {4, 5, 6}, (byte[]) ws.nextNonPingMessage());
        ws.abort();
    }

    @Test
    void acknowledges_an_event() {
        Wire.Ws ws = connected();
        ws.send("42456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");
        assertEquals("43456[1,\"2\",{\"3\":[false]}]", ws.nextNonPing());
        ws.abort();
    }

    @Test
    void acknowledges_an_event_with_binary_attachments() {
        Wire.Ws ws = connected();
        ws.send("452-789[\"message-with-ack\",{\"_placeholder\":true,\"num\":0},"
                + "{\"_placeholder\":true,\"num\":1}]");
        ws.sendBinary(new byte[] {1, 2, 3});
        ws.sendBinary(new byte[] {4, 5, 6});
        assertEquals("462-789[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]", ws.nextNonPing());
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) ws.nextNonPingMessage());
        assertArrayEquals(new byte[] {4, 5, 6}, (byte[]) ws.nextNonPingMessage());
        ws.abort();
    }

    @Test
    void acknowledges_in_a_custom_namespace() {
        Wire.Ws ws = engine();
        ws.send("40/custom,");
        ws.nextNonPing();
        ws.nextNonPing();
        ws.send("42/custom,7[\"message-with-ack\",\"x\"]");
        assertEquals("43/custom,7[\"x\"]", ws.nextNonPing());
        ws.abort();
    }

    @Test
    void closes_on_an_unknown_packet_type() {
        Wire.Ws ws = connected();
        ws.send("4abc");
        ws.awaitClose();
    }

    @Test
    void closes_on_an_invalid_payload() {
        Wire.Ws ws = connected();
        ws.send("42{}");
        ws.awaitClose();
    }

    @Test
    void closes_on_an_invalid_ack_id() {
        Wire.Ws ws = connected();
        ws.send("42abc[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");
        ws.awaitClose();
    }

    @Test
    void closes_on_binary_data_nobody_announced() {
        Wire.Ws ws = connected();
        ws.sendBinary(new byte[] {9});
        ws.awaitClose();
    }

    @Test
    void closes_on_text_while_attachments_are_awaited() {
        Wire.Ws ws = connected();
        ws.send("451-[\"message\",{\"_placeholder\":true,\"num\":0}]");
        ws.send("42[\"message\",1]");
        ws.awaitClose();
    }

    @Test
    void closes_when_no_namespace_is_joined_within_connect_timeout() throws InterruptedException {
        Wire.Ws ws = engine();
        // Keep the Engine.IO session alive so only connectTimeout (1 s) can end it.
        long start = System.nanoTime();
        while (!ws.isClosed()) {
            Object message = ws.messages.poll(20, java.util.concurrent.TimeUnit.MILLISECONDS);
            if ("2".equals(message)) {
                ws.send("3");
            }
            assertTrue(System.nanoTime() - start < Wire.WAIT.toNanos(), "connection still open");
        }
        assertTrue(System.nanoTime() - start >= 900_000_000L, "closed before connectTimeout");
    }

    @Test
    void works_over_polling_too() {
        String sid = wire.openPolling();
        String q = wire.pollingQuery(sid);
        assertEquals("ok", wire.post(q, "40").body());
        String connect = wire.get(q).body();
        List<String> packets = List.of(connect.split("\u001e"));
        assertConnectAck(packets.get(0), "40");
        String auth = packets.size() > 1 ? packets.get(1) : wire.get(q).body();
        assertEquals("42[\"auth\",{}]", auth);
        assertEquals(
                "ok",
                wire.post(q, "42[\"message\",\"\u00e9t\u00e9 \ud83d\ude00\"]").body());
        String reply = wire.get(q).body();
        while (reply.equals("2")) {
            wire.post(q, "3");
            reply = wire.get(q).body();
        }
        assertEquals("42[\"message-back\",\"\u00e9t\u00e9 \ud83d\ude00\"]", reply);
    }
}
