package io.friendchat.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official JavaScript client, socket.io-client 4.8 under Node 20, against our server. The
 * Maven build installs it ({@code npm ci} in generate-test-resources); a missing Node fails the
 * build, it is never skipped.
 */
class NodeClientInteropTest {
    private static final Path JS = Path.of("src", "test", "js");
    private static InteropServer server;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isDirectory(JS.resolve("node_modules").resolve("socket.io-client"))) {
            fail("socket.io-client is not installed in " + JS.toAbsolutePath()
                    + ": run the Maven build (it runs npm ci) or npm ci there");
        }
        server = new InteropServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** Runs one scenario of scenario.mjs and returns the JSON it printed. */
    private static JsonNode run(String scenario) throws Exception {
        return run(scenario, server.url());
    }

    private static JsonNode run(String scenario, String url) throws Exception {
        File out = File.createTempFile("scenario", ".out");
        File err = File.createTempFile("scenario", ".err");
        try {
            Process process;
            try {
                process = new ProcessBuilder(List.of("node", "scenario.mjs", scenario, url))
                        .directory(JS.toFile())
                        .redirectOutput(out)
                        .redirectError(err)
                        .start();
            } catch (IOException e) {
                throw new AssertionError("cannot run node (Node.js 20 is required for these tests)", e);
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("scenario " + scenario + " did not finish");
            }
            String stdout =
                    Files.readString(out.toPath(), StandardCharsets.UTF_8).trim();
            String stderr =
                    Files.readString(err.toPath(), StandardCharsets.UTF_8).trim();
            assertEquals(0, process.exitValue(), "scenario " + scenario + ": " + stderr + stdout);
            System.out.println(scenario + ": " + stdout);
            return Wire.json(stdout);
        } finally {
            out.delete();
            err.delete();
        }
    }

    private static void assertExchange(JsonNode result, String transport) {
        assertEquals(transport, result.get("transport").asText());
        assertTrue(result.get("ok").asBoolean());
    }

    @Test
    void websocket_only_client_exchanges_events_acks_and_binary() throws Exception {
        JsonNode result = run("websocket-only");
        assertExchange(result, "websocket");
        assertEquals("", result.get("extensions").asText(), "compression must be off by default");
    }

    @Test
    void websocket_client_works_with_compression_turned_on() throws Exception {
        try (InteropServer deflating = new InteropServer(
                SocketIoOptions.builder().perMessageDeflate(true).build())) {
            JsonNode result = run("websocket-only", deflating.url());
            assertExchange(result, "websocket");
            assertTrue(result.get("extensions").asText().contains("permessage-deflate"), result.toString());
        }
    }

    @Test
    void polling_only_client_exchanges_events_acks_and_binary() throws Exception {
        assertExchange(run("polling-only"), "polling");
    }

    @Test
    void default_client_upgrades_from_polling_to_websocket() throws Exception {
        assertExchange(run("default"), "websocket");
    }

    @Test
    void room_broadcast_reaches_its_members_only_and_not_the_sender() throws Exception {
        JsonNode result = run("rooms");
        assertEquals("[\"marker\"]", result.get("a").toString());
        assertEquals("[\"said:hello\",\"marker\"]", result.get("b").toString());
        assertEquals("[\"marker\"]", result.get("c").toString());
    }

    private static void assertReconnect(JsonNode result) {
        // A dropped connection reads as "transport close" when a poll was parked (it gets the
        // close packet) and "transport error" when the next poll finds the session gone.
        assertTrue(
                Set.of("transport close", "transport error")
                        .contains(result.get("reason").asText()),
                result.toString());
        assertEquals("io server disconnect", result.get("reason2").asText());
        assertTrue(result.get("changedId").asBoolean());
        assertEquals("again", result.get("again").asText());
        assertEquals("third", result.get("third").asText());
    }

    @Test
    void websocket_client_reconnects_after_server_side_disconnects() throws Exception {
        assertReconnect(run("reconnect-websocket"));
    }

    @Test
    void polling_client_reconnects_after_server_side_disconnects() throws Exception {
        assertReconnect(run("reconnect-polling"));
    }

    private static void assertRejected(JsonNode result) {
        assertEquals("not authorized", result.get("message").asText());
        assertEquals(401, result.get("data").get("code").asInt());
        assertTrue(result.get("elapsedMs").asLong() < 1000, "connect_error took " + result.get("timings"));
        result.get("timings").forEach(t -> assertTrue(t.asLong() < 5000, "a refusal hung: " + t));
        assertEquals("alice", result.get("user").asText());
    }

    @Test
    void rejected_websocket_connection_gets_connect_error_within_a_second() throws Exception {
        assertRejected(run("rejected-websocket"));
    }

    @Test
    void rejected_polling_connection_gets_connect_error_within_a_second() throws Exception {
        assertRejected(run("rejected-polling"));
    }
}
