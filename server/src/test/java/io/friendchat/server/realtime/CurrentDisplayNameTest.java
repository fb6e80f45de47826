package io.friendchat.server.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.friendchat.server.testing.ApiClient;
import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.ServerFixture;
import io.friendchat.server.testing.SocketClient;
import org.json.JSONObject;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every message carries its author's current display name, whenever the socket was opened. */
class CurrentDisplayNameTest {
    @RegisterExtension
    final ServerFixture fixture = ServerFixture.unstarted();

    private static JSONObject send(SocketClient socket, String roomId, String clientId, String text) throws Exception {
        JSONObject ack = socket.request(
                "message:send",
                new JSONObject().put("roomId", roomId).put("clientId", clientId).put("text", text));
        if (!ack.has("message")) {
            throw new AssertionError("send failed: " + ack);
        }
        return ack.getJSONObject("message");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void a_message_from_a_socket_opened_before_a_name_change_carries_the_new_name(Backend backend) throws Exception {
        fixture.start(backend, "alice", "bob");
        ApiClient alice = fixture.user("alice");
        ApiClient bob = fixture.user("bob");
        String roomId = fixture.createRoom(alice, "general", "bob");
        SocketClient alices = fixture.connect(alice);
        SocketClient bobs = fixture.connect(bob);
        send(alices, roomId, "a1", "before");
        bobs.next("message:new");

        assertEquals(
                200,
                alice.patch("/api/me", "{\"displayName\":\"Alice Liddell\"}").status());
        JSONObject sent = send(alices, roomId, "a2", "after");

        assertEquals("Alice Liddell", sent.getJSONObject("author").getString("displayName"), sent.toString());
        JSONObject received = bobs.next("message:new").getJSONObject("message");
        assertEquals("after", received.getString("body"));
        assertEquals("Alice Liddell", received.getJSONObject("author").getString("displayName"));
        JsonNode history = bob.get("/api/rooms/" + roomId + "/messages").json().get("messages");
        assertEquals(
                "Alice Liddell",
                history.get(history.size() - 1).at("/author/displayName").asText());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void every_socket_of_the_author_sends_the_new_name(Backend backend) throws Exception {
        fixture.start(backend, "alice");
        ApiClient alice = fixture.user("alice");
        String roomId = fixture.createRoom(alice, "general");
        SocketClient tab1 = fixture.connect(alice);
        SocketClient tab2 = fixture.connect(alice);

        alice.patch("/api/me", "{\"displayName\":\"Al\"}");

        assertEquals(
                "Al", send(tab1, roomId, "t1", "one").getJSONObject("author").getString("displayName"));
        assertEquals(
                "Al", send(tab2, roomId, "t2", "two").getJSONObject("author").getString("displayName"));
    }
}
