package io.friendchat.server.web;

import static io.friendchat.server.testing.Problems.assertError;
import static io.friendchat.server.testing.Problems.assertNoLibraryInternals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.friendchat.server.testing.ApiClient;
import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.RawSocket;
import io.friendchat.server.testing.ServerFixture;
import io.friendchat.server.testing.TestServer;
import io.friendchat.server.testing.TestServer.Response;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * JSON past the reader's limits (a number of more than 1,000 digits, nesting deeper than 1,000)
 * is refused in our own words; no answer names the JSON library's classes or settings.
 */
class ParserLimitsTest {
    private static final String HUGE_NUMBER = "9".repeat(2001);
    private static final String DEEP = "[".repeat(10_000) + "]".repeat(10_000);

    @RegisterExtension
    final ServerFixture fixture = ServerFixture.on(Backend.SQLITE).withUsers("alice");

    private TestServer server;
    private ApiClient alice;

    @BeforeEach
    void start() {
        server = fixture.server();
        alice = fixture.user("alice");
    }

    @Test
    void a_number_of_2001_digits_is_malformed_json_in_our_words() {
        Response r = alice.post("/api/rooms", "{\"name\":\"x\",\"n\":" + HUGE_NUMBER + "}");

        assertError(r, 400, "malformed_json");
        assertNoLibraryInternals(r.json().get("message").asText());
        assertTrue(r.json().get("message").asText().contains("number"), r.body());
        assertEquals(0, alice.get("/api/rooms").json().get("rooms").size(), "nothing was stored");
    }

    @Test
    void json_nested_10000_deep_is_malformed_json_in_our_words() {
        Response r = alice.post("/api/rooms", "{\"name\":\"x\",\"a\":" + DEEP + "}");

        assertError(r, 400, "malformed_json");
        assertNoLibraryInternals(r.json().get("message").asText());
        assertTrue(r.json().get("message").asText().contains("nested"), r.body());
        assertEquals(0, alice.get("/api/rooms").json().get("rooms").size(), "nothing was stored");
    }

    @Test
    void other_malformed_json_still_names_the_line_and_column() {
        Response r = alice.post("/api/rooms", "{\"name\": \"x\",,}");

        assertError(r, 400, "malformed_json");
        assertTrue(r.json().get("message").asText().contains("line 1, column"), r.body());
        assertNoLibraryInternals(r.json().get("message").asText());
        Response truncated = alice.post("/api/rooms", "{\"name\": \"x\"");
        assertError(truncated, 400, "malformed_json");
        assertNoLibraryInternals(truncated.json().get("message").asText());
    }

    /**
     * Over Socket.IO a packet that does not parse is a protocol error: the transport closes that
     * one connection (protocol.md, "Limits") and sends no library text; everyone else goes on.
     */
    @Test
    void on_the_socket_such_a_packet_closes_only_that_connection() throws Exception {
        String roomId = fixture.createRoom(alice, "general");
        for (String bad : List.of(HUGE_NUMBER, DEEP)) {
            try (RawSocket other = RawSocket.connect(server, alice.sessionToken());
                    RawSocket socket = RawSocket.connect(server, alice.sessionToken())) {
                JsonNode ack = socket.request(
                        "message:send",
                        "{\"roomId\":\"" + roomId + "\",\"clientId\":\"c\",\"text\":\"x\",\"n\":" + bad + "}");

                assertNull(ack, "no ack: the packet did not parse");
                assertTrue(socket.awaitClosed(), "the connection was closed");
                socket.drain().forEach(packet -> assertNoLibraryInternals(packet));
                JsonNode fine = other.request(
                        "message:send",
                        "{\"roomId\":\"" + roomId + "\",\"clientId\":\"ok" + bad.length() + "\",\"text\":\"ok\"}");
                assertEquals("ok", fine.at("/message/body").asText(), "other connections go on");
            }
        }
        JsonNode history =
                alice.get("/api/rooms/" + roomId + "/messages").json().get("messages");
        assertEquals(3, history.size(), "the room's creation and the two good sends, nothing else: " + history);
    }
}
