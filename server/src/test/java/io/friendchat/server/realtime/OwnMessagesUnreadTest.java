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

/**
 * Your own messages, and system messages about your own actions, are never unread for you: on
 * the dashboard, in the room's read marker, and on the socket alike.
 */
class OwnMessagesUnreadTest {
    @RegisterExtension
    final ServerFixture fixture = ServerFixture.unstarted();

    private ApiClient alice;
    private ApiClient bob;
    private String roomId;

    private void start(Backend backend) {
        fixture.start(backend, "alice", "bob", "carol");
        alice = fixture.user("alice");
        bob = fixture.user("bob");
        roomId = fixture.createRoom(alice, "general", "bob");
    }

    private long send(SocketClient socket, String clientId, String text) throws Exception {
        JSONObject ack = socket.request(
                "message:send",
                new JSONObject().put("roomId", roomId).put("clientId", clientId).put("text", text));
        if (!ack.has("message")) {
            throw new AssertionError("send failed: " + ack);
        }
        return ack.getJSONObject("message").getLong("seq");
    }

    private JsonNode row(ApiClient who) {
        for (JsonNode room : who.get("/api/rooms").json().get("rooms")) {
            if (room.get("id").asText().equals(roomId)) {
                return room;
            }
        }
        throw new AssertionError("room not on the dashboard");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void own_messages_are_never_unread_for_the_sender(Backend backend) throws Exception {
        start(backend);
        SocketClient alices = fixture.connect(alice);
        send(alices, "a1", "one");
        send(alices, "a2", "two");
        long last = send(alices, "a3", "three");

        JsonNode mine = row(alice);
        assertEquals(last, mine.get("lastSeq").asLong());
        assertEquals(0, mine.get("unread").asLong(), mine.toString());
        assertEquals(last, mine.get("lastReadSeq").asLong(), mine.toString());
        JsonNode theirs = row(bob);
        assertEquals(last, theirs.get("unread").asLong(), "bob has read nothing: " + theirs);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void the_read_marker_on_the_socket_agrees_with_the_dashboard(Backend backend) throws Exception {
        start(backend);
        SocketClient alices = fixture.connect(alice);
        SocketClient bobs = fixture.connect(bob);
        long bobsSeq = send(bobs, "b1", "hello");
        long last = send(alices, "a1", "hi bob");

        JSONObject joined = alices.request("room:join", new JSONObject().put("roomId", roomId));
        assertEquals(last, joined.getJSONObject("room").getLong("lastReadSeq"), joined.toString());
        JSONObject read = alices.request(
                "room:read", new JSONObject().put("roomId", roomId).put("seq", bobsSeq));
        assertEquals(last, read.getLong("lastReadSeq"), "the marker never goes down: " + read);
        assertEquals(0, row(alice).get("unread").asLong());
        assertEquals(1, row(bob).get("unread").asLong(), "bob's own message is not unread for him, alice's is");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void own_room_changes_are_never_unread(Backend backend) {
        start(backend);
        assertEquals(
                200,
                alice.patch("/api/rooms/" + roomId, "{\"name\":\"renamed\",\"description\":\"d\"}")
                        .status());
        assertEquals(
                201,
                alice.post("/api/rooms/" + roomId + "/members", "{\"usernames\":[\"carol\"]}")
                        .status());

        assertEquals(0, row(alice).get("unread").asLong(), row(alice).toString());
        assertEquals(4, row(bob).get("unread").asLong(), "bob has read none of alice's changes");
    }
}
