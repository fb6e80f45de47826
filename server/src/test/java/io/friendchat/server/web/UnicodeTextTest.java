package io.friendchat.server.web;

import static io.friendchat.server.testing.ApiClient.password;
import static io.friendchat.server.testing.Problems.assertAckError;
import static io.friendchat.server.testing.Problems.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.friendchat.server.testing.ApiClient;
import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.RawSocket;
import io.friendchat.server.testing.ServerFixture;
import io.friendchat.server.testing.TestServer;
import io.friendchat.server.testing.TestServer.Response;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Text that is not valid Unicode (a lone UTF-16 surrogate) is refused in every field, over HTTP
 * and on the socket, instead of being stored as {@code ?}; valid text, surrogate pairs included,
 * is kept exactly.
 */
class UnicodeTextTest {
    /** A lone high surrogate, written as the JSON escape a client would send. */
    private static final String LONE = "\\ud800";

    @RegisterExtension
    final ServerFixture fixture = ServerFixture.unstarted();

    private ApiClient start(Backend backend) {
        fixture.start(backend, "alice");
        return fixture.user("alice");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void lone_surrogate_in_message_text_is_refused_and_nothing_is_stored(Backend backend) throws Exception {
        ApiClient alice = start(backend);
        String roomId = fixture.createRoom(alice, "general");

        try (RawSocket socket = RawSocket.connect(fixture.server(), alice.sessionToken())) {
            JsonNode ack = socket.request(
                    "message:send",
                    "{\"roomId\":\"" + roomId + "\",\"clientId\":\"c1\",\"text\":\"hi " + LONE + " there\"}");

            assertNotNull(ack, "the connection stays open and the send is answered");
            assertAckError(ack, "invalid_unicode");
            assertTrue(ack.at("/error/message").asText().contains("text"), ack.toString());

            JsonNode fine = socket.request(
                    "message:send", "{\"roomId\":\"" + roomId + "\",\"clientId\":\"c2\",\"text\":\"still here\"}");
            assertEquals("still here", fine.at("/message/body").asText(), "the socket goes on serving");
        }
        JsonNode history =
                alice.get("/api/rooms/" + roomId + "/messages").json().get("messages");
        for (JsonNode m : history) {
            assertFalse(m.path("body").asText().contains("?"), "text was altered and stored: " + m);
        }
        assertEquals("still here", history.get(history.size() - 1).get("body").asText());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void lone_surrogate_in_any_socket_field_is_refused(Backend backend) throws Exception {
        ApiClient alice = start(backend);
        String roomId = fixture.createRoom(alice, "general");

        try (RawSocket socket = RawSocket.connect(fixture.server(), alice.sessionToken())) {
            assertAckError(
                    socket.request(
                            "message:send",
                            "{\"roomId\":\"" + roomId + "\",\"clientId\":\"c" + LONE + "\",\"text\":\"x\"}"),
                    "invalid_unicode");
            assertAckError(socket.request("room:join", "{\"roomId\":\"" + LONE + "\"}"), "invalid_unicode");
        }
        assertEquals(
                1,
                alice.get("/api/rooms/" + roomId + "/messages")
                        .json()
                        .get("messages")
                        .size());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void a_surrogate_pair_is_kept_exactly_in_messages_rooms_and_names(Backend backend) throws Exception {
        ApiClient alice = start(backend);
        String emoji = "\uD83D\uDE00";
        Response room =
                alice.post("/api/rooms", "{\"name\":\"fun \\ud83d\\ude00\",\"description\":\"\\ud83d\\ude00\"}");
        assertEquals(201, room.status(), room.body());
        assertEquals("fun " + emoji, room.json().at("/room/name").asText());
        assertEquals(emoji, room.json().at("/room/description").asText());
        assertEquals(
                "Al " + emoji,
                alice.patch("/api/me", "{\"displayName\":\"Al \\ud83d\\ude00\"}")
                        .json()
                        .at("/user/displayName")
                        .asText());
        String roomId = room.json().at("/room/id").asText();
        try (RawSocket socket = RawSocket.connect(fixture.server(), alice.sessionToken())) {
            JsonNode ack = socket.request(
                    "message:send", "{\"roomId\":\"" + roomId + "\",\"clientId\":\"c1\",\"text\":\"\\ud83d\\ude00\"}");
            assertEquals(emoji, ack.at("/message/body").asText(), ack.toString());
        }
        JsonNode history =
                alice.get("/api/rooms/" + roomId + "/messages").json().get("messages");
        assertEquals(emoji, history.get(history.size() - 1).get("body").asText());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void lone_surrogate_in_room_name_description_or_usernames_is_refused(Backend backend) {
        ApiClient alice = start(backend);

        assertError(alice.post("/api/rooms", "{\"name\":\"a" + LONE + "b\"}"), 400, "invalid_unicode");
        assertError(
                alice.post("/api/rooms", "{\"name\":\"ok\",\"description\":\"" + LONE + "\"}"), 400, "invalid_unicode");
        assertEquals(0, alice.get("/api/rooms").json().get("rooms").size(), "no room was created");

        String roomId = fixture.createRoom(alice, "general");
        assertError(alice.patch("/api/rooms/" + roomId, "{\"name\":\"x" + LONE + "\"}"), 400, "invalid_unicode");
        assertError(alice.patch("/api/rooms/" + roomId, "{\"description\":\"\\udc00x\"}"), 400, "invalid_unicode");
        assertError(
                alice.post("/api/rooms/" + roomId + "/members", "{\"usernames\":[\"bo" + LONE + "b\"]}"),
                400,
                "invalid_unicode");
        JsonNode room = alice.get("/api/rooms/" + roomId).json().get("room");
        assertEquals("general", room.get("name").asText());
        assertEquals("", room.get("description").asText());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void lone_surrogate_in_any_account_field_is_refused(Backend backend) {
        TestServer server = fixture.start(backend);
        ApiClient client = server.client();
        String good = password("dora");

        assertError(
                client.post("/api/auth/signup", signup("dora", "dora@example.com", good + LONE)),
                400,
                "invalid_unicode");
        assertError(
                client.post("/api/auth/signup", signup("dora", "do" + LONE + "ra@example.com", good)),
                400,
                "invalid_unicode");
        assertError(
                client.post(
                        "/api/auth/signup",
                        "{\"username\":\"dora\",\"email\":\"dora@example.com\",\"password\":\"" + good
                                + "\",\"displayName\":\"D" + LONE + "\"}"),
                400,
                "invalid_unicode");
        assertError(
                client.post("/api/auth/login", "{\"login\":\"dora" + LONE + "\",\"password\":\"" + good + "\"}"),
                400,
                "invalid_unicode");

        ApiClient dora = server.client().signup("dora");
        assertError(dora.patch("/api/me", "{\"displayName\":\"Dora " + LONE + "\"}"), 400, "invalid_unicode");
        assertError(
                dora.post("/api/me/password", "{\"current\":\"" + good + "\",\"new\":\"" + good + "x" + LONE + "\"}"),
                400,
                "invalid_unicode");
        assertEquals("dora", dora.get("/api/me").json().at("/user/displayName").asText());
        assertEquals(
                200,
                server.client()
                        .post("/api/auth/login", "{\"login\":\"dora\",\"password\":\"" + good + "\"}")
                        .status(),
                "the password is unchanged");
    }

    private static String signup(String username, String email, String password) {
        return "{\"username\":\"" + username + "\",\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
    }
}
