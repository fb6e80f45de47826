package io.friendchat.server.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.friendchat.server.testing.ApiClient;
import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.ServerFixture;
import io.friendchat.server.testing.SocketClient;
import io.friendchat.server.testing.TestServer.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GET /api/search on a real server, messages sent with the official Socket.IO client; one subclass per store. */
public abstract class SearchApiContract {
    @RegisterExtension
    final ServerFixture fixture;

    private ApiClient alice;
    private ApiClient bob;
    private SocketClient alicesSocket;
    private String roomId;

    protected SearchApiContract(Backend backend) {
        fixture = ServerFixture.on(backend).withUsers("alice", "bob");
    }

    @BeforeEach
    void start() throws Exception {
        alice = fixture.user("alice");
        bob = fixture.user("bob");
        roomId = fixture.createRoom(alice, "Trips", "bob");
        alicesSocket = fixture.connect(alice);
    }

    private JSONObject send(String room, String text) throws Exception {
        JSONObject ack = alicesSocket.request(
                "message:send",
                new JSONObject(Map.of("roomId", room, "clientId", "c" + text.hashCode(), "text", text)));
        assertFalse(ack.has("error"), ack.toString());
        return ack.getJSONObject("message");
    }

    private static Response search(ApiClient who, String query) {
        return who.get("/api/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
    }

    private static List<String> bodies(Response r) {
        assertEquals(200, r.status(), r.body());
        List<String> out = new ArrayList<>();
        r.json().get("results").forEach(hit -> out.add(hit.at("/message/body").asText()));
        return out;
    }

    private static void assertError(Response r, int status, String code) {
        assertEquals(status, r.status(), r.body());
        assertEquals(code, r.json().get("code").asText(), r.body());
        assertFalse(r.json().get("message").asText().isBlank());
    }

    @Test
    void a_member_finds_a_message_with_its_room_and_the_ranges_to_highlight() throws Exception {
        send(roomId, "Ferry tickets: the ferry leaves at 9");

        Response r = search(bob, "FERRY");

        assertEquals(List.of("Ferry tickets: the ferry leaves at 9"), bodies(r));
        JsonNode hit = r.json().at("/results/0");
        assertEquals(roomId, hit.at("/room/id").asText());
        assertEquals("Trips", hit.at("/room/name").asText());
        assertEquals("alice", hit.at("/message/author/username").asText());
        assertEquals(2, hit.get("highlights").size());
        assertEquals(0, hit.at("/highlights/0/start").asInt());
        assertEquals(5, hit.at("/highlights/0/end").asInt());
        assertEquals(19, hit.at("/highlights/1/start").asInt());
        assertEquals(24, hit.at("/highlights/1/end").asInt());
    }

    @Test
    void a_removed_member_finds_nothing_more_from_that_room() throws Exception {
        send(roomId, "the surprise party is on friday");
        assertEquals(1, bodies(search(bob, "surprise")).size());

        Response removed = alice.delete("/api/rooms/" + roomId + "/members/" + bob.userId());
        assertEquals(204, removed.status(), removed.body());

        assertEquals(List.of(), bodies(search(bob, "surprise")));
        assertEquals(1, bodies(search(alice, "surprise")).size());
    }

    @Test
    void deleted_messages_are_never_found_and_edited_ones_by_their_new_text() throws Exception {
        JSONObject gone = send(roomId, "delete this draft");
        JSONObject edited = send(roomId, "typo in this lin");
        alicesSocket.request("message:delete", new JSONObject(Map.of("roomId", roomId, "messageId", gone.get("id"))));
        alicesSocket.request(
                "message:edit",
                new JSONObject(Map.of("roomId", roomId, "messageId", edited.get("id"), "text", "fixed this line")));

        assertEquals(List.of(), bodies(search(bob, "draft")));
        assertEquals(List.of(), bodies(search(bob, "typo")));
        assertEquals(List.of("fixed this line"), bodies(search(bob, "line")));
    }

    @Test
    void a_search_limited_to_one_room_needs_membership_of_it() throws Exception {
        String alicesOwn = fixture.createRoom(alice, "Private");
        send(alicesOwn, "my own notes");
        send(roomId, "shared notes");

        assertEquals(List.of("shared notes"), bodies(bob.get("/api/search?q=notes&roomId=" + roomId)));
        assertEquals(List.of("my own notes"), bodies(alice.get("/api/search?q=notes&roomId=" + alicesOwn)));
        assertError(bob.get("/api/search?q=notes&roomId=" + alicesOwn), 404, "room_not_found");
    }

    @Test
    void an_empty_or_wordless_query_gets_a_clear_error() {
        assertError(bob.get("/api/search"), 400, "search_query_empty");
        assertError(search(bob, "   "), 400, "search_query_empty");
        assertError(search(bob, "?!-"), 400, "search_query_empty");
        assertError(search(bob, "x".repeat(201)), 400, "invalid_parameter");
        assertError(search(bob, "a b c d e f g h i"), 400, "search_query_too_long");
        assertError(bob.get("/api/search?q=x&before=zz"), 400, "invalid_parameter");
    }

    @Test
    void query_syntax_is_taken_as_words() throws Exception {
        send(roomId, "near OR far");

        assertEquals(List.of("near OR far"), bodies(search(bob, "\"near\" OR far*")));
        assertEquals(List.of("near OR far"), bodies(search(bob, "NEAR(far)")));
        assertEquals(List.of(), bodies(search(bob, "near -far AND nothing")));
    }
}
