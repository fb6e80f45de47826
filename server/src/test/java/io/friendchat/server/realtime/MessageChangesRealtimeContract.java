package io.friendchat.server.realtime;

import static io.friendchat.server.realtime.RealtimeContract.assertError;
import static io.friendchat.server.realtime.RealtimeContract.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.message.Message;
import io.friendchat.server.testing.ApiClient;
import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.ServerFixture;
import io.friendchat.server.testing.SocketClient;
import io.friendchat.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Edits, deletions, reactions, replies, mentions and notification levels over Socket.IO, driven
 * by the official Java client; one subclass per store.
 */
public abstract class MessageChangesRealtimeContract {
    @RegisterExtension
    final ServerFixture fixture;

    private TestServer server;
    private ApiClient alice;
    private ApiClient bob;
    private ApiClient carol;
    private String roomId;

    protected MessageChangesRealtimeContract(Backend backend) {
        fixture = ServerFixture.on(backend).withUsers("alice", "bob", "carol");
    }

    @BeforeEach
    void start() {
        server = fixture.server();
        alice = fixture.user("alice");
        bob = fixture.user("bob");
        carol = fixture.user("carol");
        roomId = fixture.createRoom(alice, "general", "bob");
    }

    private SocketClient joined(ApiClient who) throws Exception {
        SocketClient socket = fixture.connect(who);
        socket.request("room:join", json("roomId", roomId));
        return socket;
    }

    private JSONObject send(SocketClient socket, String text) throws Exception {
        return sendTo(socket, roomId, text, null);
    }

    private static JSONObject sendTo(SocketClient socket, String room, String text, String replyToId) throws Exception {
        JSONObject payload = json("roomId", room, "clientId", UUID.randomUUID().toString(), "text", text);
        if (replyToId != null) {
            payload.put("replyToId", replyToId);
        }
        return socket.request("message:send", payload);
    }

    private String sent(SocketClient socket, String text) throws Exception {
        return send(socket, text).getJSONObject("message").getString("id");
    }

    private JSONObject edit(SocketClient socket, String messageId, String text) throws Exception {
        return socket.request("message:edit", json("roomId", roomId, "messageId", messageId, "text", text));
    }

    private JSONObject delete(SocketClient socket, String messageId) throws Exception {
        return socket.request("message:delete", json("roomId", roomId, "messageId", messageId));
    }

    private JSONObject react(SocketClient socket, String messageId, String emoji, boolean add) throws Exception {
        return socket.request(
                "message:react", json("roomId", roomId, "messageId", messageId, "emoji", emoji, "add", add));
    }

    private Message stored(String messageId) {
        return server.server().store().messages().find(roomId, messageId).orElseThrow();
    }

    private void addMember(String username, String role) {
        assertEquals(
                201,
                alice.post("/api/rooms/" + roomId + "/members", "{\"usernames\":[\"" + username + "\"]}")
                        .status());
        String id = fixture.user(username).userId();
        if (!role.equals("member")) {
            assertEquals(
                    200,
                    alice.patch("/api/rooms/" + roomId + "/members/" + id, "{\"role\":\"" + role + "\"}")
                            .status());
        }
    }

    @Test
    void author_edits_own_message_and_every_member_sees_it_changed() throws Exception {
        SocketClient alices = joined(alice);
        SocketClient bobs = joined(bob);
        String id = sent(alices, "helo");

        JSONObject ack = edit(alices, id, "  hello  ");

        JSONObject message = ack.getJSONObject("message");
        assertEquals("hello", message.getString("body"));
        assertTrue(message.has("editedAt"));
        assertFalse(message.has("deleted"));
        assertEquals(1, message.getLong("rev"));
        JSONObject seen = bobs.next("message:changed").getJSONObject("message");
        assertEquals(id, seen.getString("id"));
        assertEquals("hello", seen.getString("body"));
        assertEquals(1, seen.getLong("rev"));
        assertEquals(1, alices.next("message:changed").getJSONObject("message").getLong("rev"));
        assertEquals("hello", stored(id).body());
    }

    @Test
    void only_the_author_edits_a_text_message_that_is_not_deleted() throws Exception {
        SocketClient alices = joined(alice);
        SocketClient bobs = joined(bob);
        String id = sent(alices, "original");
        String systemId =
                server.server().store().messages().after(roomId, 0, 1).get(0).id();

        assertError(edit(bobs, id, "hijacked"), "forbidden");
        assertError(edit(alices, systemId, "renamed"), "forbidden");
        assertError(edit(alices, "not-an-id", "x"), "message_not_found");
        assertError(edit(alices, "0123456789abcdef01234567", "x"), "message_not_found");
        assertError(edit(alices, id, "   "), "invalid_text");
        assertError(edit(alices, id, "x".repeat(4001)), "invalid_text");
        assertError(alices.request("message:edit", json("roomId", roomId, "messageId", id)), "missing_field");
        assertError(alices.request("message:edit", json("roomId", roomId, "messageId", id, "text", 5)), "invalid_type");
        assertEquals("original", stored(id).body());
        assertEquals(0, stored(id).rev());

        delete(alices, id);
        assertError(edit(alices, id, "back from the dead"), "message_deleted");
        assertEquals("", stored(id).body());
    }

    @Test
    void author_deletes_own_message_and_its_text_is_gone_from_the_store() throws Exception {
        SocketClient alices = joined(alice);
        SocketClient bobs = joined(bob);
        String id = sent(alices, "oops, my password is hunter2");
        react(bobs, id, "😮", true);
        assertEquals(1, bobs.next("message:changed").getJSONObject("message").getLong("rev"));

        JSONObject message = delete(alices, id).getJSONObject("message");

        assertTrue(message.getBoolean("deleted"));
        assertTrue(message.has("deletedAt"));
        assertEquals("", message.getString("body"));
        assertEquals(0, message.getJSONArray("reactions").length());
        JSONObject seen = bobs.next("message:changed").getJSONObject("message");
        assertTrue(seen.getBoolean("deleted"));
        assertEquals("", seen.getString("body"));
        Message kept = stored(id);
        assertEquals("", kept.body());
        assertTrue(kept.deleted());
        assertTrue(kept.reactions().isEmpty());
        // Deleting it again changes nothing and takes no rev.
        assertEquals(2, delete(alices, id).getJSONObject("message").getLong("rev"));
    }

    @Test
    void owner_and_admins_delete_anyones_message_and_plain_members_do_not() throws Exception {
        addMember("carol", "admin");
        SocketClient alices = joined(alice);
        SocketClient bobs = joined(bob);
        SocketClient carols = joined(carol);
        String alicesMessage = sent(alices, "from the owner");
        String bobsMessage = sent(bobs, "from a member");
        String carolsMessage = sent(carols, "from an admin");

        assertError(delete(bobs, alicesMessage), "forbidden");
        assertFalse(stored(alicesMessage).deleted());

        assertTrue(delete(carols, bobsMessage).getJSONObject("message").getBoolean("deleted"));
        assertTrue(delete(alices, carolsMessage).getJSONObject("message").getBoolean("deleted"));
        assertTrue(stored(bobsMessage).deleted());
        assertTrue(stored(carolsMessage).deleted());
    }

    @Test
    void a_reply_quotes_its_author_and_the_start_of_the_text_as_it_is_now() throws Exception {
        SocketClient alices = joined(alice);
        SocketClient bobs = joined(bob);
        String longText = "a".repeat(150) + "é".repeat(100);
        String quoted = sent(alices, longText);

        JSONObject reply = sendTo(bobs, roomId, "agreed", quoted).getJSONObject("message");

        JSONObject quote = reply.getJSONObject("replyTo");
        assertEquals(quoted, quote.getString("id"));
        assertEquals("alice", quote.getJSONObject("author").getString("username"));
        assertEquals(longText.substring(0, 200), quote.getString("excerpt"));
        assertFalse(quote.getBoolean("deleted"));
        assertEquals(quoted, alices.next("message:new").getJSONObject("message").getString("id"));
        JSONObject live = alices.next("message:new").getJSONObject("message");
        assertEquals(quoted, live.getJSONObject("replyTo").getString("id"));

        edit(alices, quoted, "shorter now");
        JSONObject page = bobs.request("message:history", json("roomId", roomId));
        JSONArray messages = page.getJSONArray("messages");
        JSONObject again = messages.getJSONObject(messages.length() - 1);
        assertEquals("shorter now", again.getJSONObject("replyTo").getString("excerpt"));

        delete(alices, quoted);
        page = bobs.request("message:history", json("roomId", roomId));
        messages = page.getJSONArray("messages");
        JSONObject gone = messages.getJSONObject(messages.length() - 1).getJSONObject("replyTo");
        assertTrue(gone.getBoolean("deleted"));
        assertEquals("", gone.getString("excerpt"));
    }

    @Test
    void a_reply_must_quote_a_live_message_of_the_same_room() throws Exception {
        SocketClient alices = joined(alice);
        String otherRoom = fixture.createRoom(alice, "other");
        String elsewhere = sendTo(alices, otherRoom, "in the other room", null)
                .getJSONObject("message")
                .getString("id");
        String deleted = sent(alices, "soon gone");
        delete(alices, deleted);
        int before = server.server().store().messages().after(roomId, 0, 1000).size();

        assertError(sendTo(alices, roomId, "re", elsewhere), "invalid_reply");
        assertError(sendTo(alices, roomId, "re", deleted), "invalid_reply");
        assertError(sendTo(alices, roomId, "re", "not-an-id"), "invalid_reply");
        assertError(sendTo(alices, roomId, "re", "0123456789abcdef01234567"), "invalid_reply");
        assertError(
                alices.request(
                        "message:send",
                        json("roomId", roomId, "clientId", "c", "text", "re", "replyToId", json("$ne", null))),
                "invalid_type");

        assertEquals(
                before,
                server.server().store().messages().after(roomId, 0, 1000).size());
    }

    @Test
    void reactions_toggle_per_user_and_say_who_reacted() throws Exception {
        SocketClient alices = joined(alice);
        SocketClient bobs = joined(bob);
        String id = sent(alices, "lunch?");

        react(alices, id, "👍", true);
        react(bobs, id, "👍", true);
        JSONObject both = react(bobs, id, "🎉", true).getJSONObject("message");

        JSONArray reactions = both.getJSONArray("reactions");
        assertEquals(2, reactions.length());
        assertEquals("👍", reactions.getJSONObject(0).getString("emoji"));
        assertEquals(2, reactions.getJSONObject(0).getInt("count"));
        assertEquals(
                List.of(alice.userId(), bob.userId()),
                strings(reactions.getJSONObject(0).getJSONArray("userIds")));
        assertEquals("🎉", reactions.getJSONObject(1).getString("emoji"));
        assertEquals(3, both.getLong("rev"));

        // Adding a reaction you already have changes nothing: no new rev, no event.
        assertEquals(3, react(bobs, id, "👍", true).getJSONObject("message").getLong("rev"));
        JSONObject removed = react(bobs, id, "👍", false).getJSONObject("message");
        assertEquals(4, removed.getLong("rev"));
        assertEquals(
                List.of(alice.userId()),
                strings(removed.getJSONArray("reactions").getJSONObject(0).getJSONArray("userIds")));

        List<Long> revs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            revs.add(alices.next("message:changed").getJSONObject("message").getLong("rev"));
        }
        assertEquals(List.of(1L, 2L, 3L, 4L), revs);
    }

    @Test
    void a_reaction_is_exactly_one_emoji_and_a_message_has_at_most_twenty() throws Exception {
        SocketClient alices = joined(alice);
        String id = sent(alices, "react to me");

        for (String notOne : List.of("a", "👍👍", ":)", "👍 ", "<b>", "\u200d", "🇫", "1")) {
            assertError(react(alices, id, notOne, true), "invalid_emoji");
        }
        assertError(react(alices, id, "", true), "invalid_emoji");
        assertError(
                alices.request("message:react", json("roomId", roomId, "messageId", id, "emoji", "👍")),
                "missing_field");
        assertError(
                alices.request("message:react", json("roomId", roomId, "messageId", id, "emoji", "👍", "add", "yes")),
                "invalid_type");
        assertTrue(stored(id).reactions().isEmpty());

        List<String> twenty = List.of(
                "👩‍💻",
                "👍🏽",
                "🇫🇷",
                "1️⃣",
                "🏴\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F",
                "❤️",
                "😀",
                "🎉",
                "🚀",
                "👨‍👩‍👧‍👦",
                "☕",
                "🤷‍♀️",
                "🙏🏿",
                "⭐",
                "✅",
                "🔥",
                "👀",
                "💯",
                "🥲",
                "🫠");
        for (String emoji : twenty) {
            assertFalse(react(alices, id, emoji, true).has("error"), emoji);
        }
        assertEquals(20, stored(id).reactions().size());
        assertError(react(alices, id, "🍕", true), "too_many_reactions");
        assertEquals(20, stored(id).reactions().size());

        delete(alices, id);
        assertError(react(alices, id, "👍", true), "message_deleted");
    }

    @Test
    void mentions_name_members_only_and_count_until_read() throws Exception {
        SocketClient alices = joined(alice);
        SocketClient bobs = joined(bob);
        SocketClient bobsOther = fixture.connect(bob);

        JSONObject message = send(alices, "@bob and @carol and @nobody, see mail@bob.example and @BOB.")
                .getJSONObject("message");

        assertEquals(List.of(bob.userId()), strings(message.getJSONArray("mentions")));
        assertEquals(
                0,
                send(alices, "no one here")
                        .getJSONObject("message")
                        .getJSONArray("mentions")
                        .length());
        long seq = message.getLong("seq");
        assertEquals(1, dashboardRow(bob).path("mentionCount").asLong());
        assertEquals(0, dashboardRow(alice).path("mentionCount").asLong());
        assertEquals(
                1,
                bob.get("/api/rooms/" + roomId).json().at("/room/mentionCount").asLong());

        JSONObject read = bobs.request("room:read", json("roomId", roomId, "seq", seq));
        assertEquals(0, read.getLong("mentionCount"));
        assertEquals(0, bobsOther.next("room:read").getLong("mentionCount"));
        assertEquals(0, dashboardRow(bob).path("mentionCount").asLong());

        String later = sent(alices, "@bob once more");
        assertEquals(1, dashboardRow(bob).path("mentionCount").asLong());
        JSONObject edited = edit(alices, later, "never mind").getJSONObject("message");
        assertEquals(0, edited.getJSONArray("mentions").length());
        assertEquals(0, dashboardRow(bob).path("mentionCount").asLong());
    }

    private com.fasterxml.jackson.databind.JsonNode dashboardRow(ApiClient who) {
        for (com.fasterxml.jackson.databind.JsonNode row :
                who.get("/api/rooms").json().path("rooms")) {
            if (row.path("id").asText().equals(roomId)) {
                return row;
            }
        }
        throw new AssertionError("room not on the dashboard");
    }

    @Test
    void notification_level_is_kept_on_the_membership_and_told_to_every_socket() throws Exception {
        SocketClient bobs = fixture.connect(bob);
        SocketClient bobsOther = fixture.connect(bob);
        assertEquals("all", dashboardRow(bob).path("notify").asText());

        JSONObject ack = bobs.request("room:notify", json("roomId", roomId, "level", "mentions"));

        assertEquals("mentions", ack.getString("notify"));
        JSONObject told = bobsOther.next("room:notify");
        assertEquals(roomId, told.getString("roomId"));
        assertEquals("mentions", told.getString("notify"));
        assertEquals("mentions", dashboardRow(bob).path("notify").asText());
        assertEquals("all", dashboardRow(alice).path("notify").asText());

        TestServer.Response put = bob.send("PUT", "/api/rooms/" + roomId + "/notify", "{\"level\":\"none\"}");
        assertEquals(200, put.status(), put.body());
        assertEquals("none", put.json().path("notify").asText());
        assertEquals("none", bobsOther.next("room:notify").getString("notify"));
        assertEquals(
                "none",
                bob.get("/api/rooms/" + roomId).json().at("/room/notify").asText());

        assertError(bobs.request("room:notify", json("roomId", roomId, "level", "loud")), "invalid_notify_level");
        TestServer.Response bad = bob.send("PUT", "/api/rooms/" + roomId + "/notify", "{\"level\":\"loud\"}");
        assertEquals(400, bad.status());
        assertEquals("invalid_notify_level", bad.json().path("code").asText());
        SocketClient carols = fixture.connect(carol);
        assertError(carols.request("room:notify", json("roomId", roomId, "level", "none")), "room_not_found");
        assertEquals(
                404,
                carol.send("PUT", "/api/rooms/" + roomId + "/notify", "{\"level\":\"none\"}")
                        .status());
        assertEquals("none", dashboardRow(bob).path("notify").asText());
    }

    @Test
    void catch_up_gives_the_current_state_of_each_message_changed_while_away_exactly_once() throws Exception {
        SocketClient alices = joined(alice);
        String edited = sent(alices, "first");
        String deleted = sent(alices, "second");
        String reacted = sent(alices, "third");
        edit(alices, edited, "first, before bob left");
        SocketClient bobs = fixture.connect(bob);
        JSONObject first = bobs.request("room:join", json("roomId", roomId));
        long sinceRev = first.getLong("rev");
        long sinceSeq = first.getJSONObject("room").getLong("lastSeq");
        assertEquals(1, sinceRev);
        bobs.close();

        edit(alices, edited, "first, edited while bob was away");
        delete(alices, deleted);
        react(alices, reacted, "👍", true);
        react(alices, edited, "🎉", true);
        String added = sent(alices, "fourth");

        SocketClient again = fixture.connect(bob);
        JSONObject ack = again.request("room:join", json("roomId", roomId, "sinceSeq", sinceSeq, "sinceRev", sinceRev));

        assertEquals(5, ack.getLong("rev"));
        assertEquals(List.of(added), ids(ack.getJSONArray("messages")));
        JSONArray changes = ack.getJSONArray("changes");
        assertEquals(List.of(deleted, reacted, edited), ids(changes));
        JSONObject last = changes.getJSONObject(2);
        assertEquals("first, edited while bob was away", last.getString("body"));
        assertEquals("🎉", last.getJSONArray("reactions").getJSONObject(0).getString("emoji"));
        assertEquals(5, last.getLong("rev"));
        assertTrue(changes.getJSONObject(0).getBoolean("deleted"));

        JSONObject paged = again.request("message:changes", json("roomId", roomId, "afterRev", sinceRev, "limit", 2));
        assertEquals(List.of(deleted, reacted), ids(paged.getJSONArray("messages")));
        assertTrue(paged.getBoolean("hasMore"));
        assertEquals(5, paged.getLong("rev"));
        JSONObject rest = again.request("message:changes", json("roomId", roomId, "afterRev", 4));
        assertEquals(List.of(edited), ids(rest.getJSONArray("messages")));
        assertFalse(rest.getBoolean("hasMore"));
        JSONObject none = again.request("room:join", json("roomId", roomId, "sinceSeq", sinceSeq + 1, "sinceRev", 5));
        assertEquals(0, none.getJSONArray("changes").length());
    }

    @Test
    void message_changes_checks_membership_and_its_numbers() throws Exception {
        SocketClient carols = fixture.connect(carol);
        SocketClient bobs = fixture.connect(bob);

        assertError(carols.request("message:changes", json("roomId", roomId, "afterRev", 0)), "room_not_found");
        assertError(
                carols.request("message:edit", json("roomId", roomId, "messageId", "x", "text", "hi")),
                "room_not_found");
        assertError(bobs.request("message:changes", json("roomId", roomId, "afterRev", -1)), "invalid_parameter");
        assertError(bobs.request("message:changes", json("roomId", roomId)), "invalid_parameter");
        assertError(
                bobs.request("message:changes", json("roomId", roomId, "afterRev", 0, "limit", 1001)),
                "invalid_parameter");
        assertError(
                bobs.request("room:join", json("roomId", roomId, "sinceSeq", 0, "sinceRev", "1")), "invalid_parameter");
    }

    private static List<String> ids(JSONArray messages) throws JSONException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < messages.length(); i++) {
            ids.add(messages.getJSONObject(i).getString("id"));
        }
        return ids;
    }

    private static List<String> strings(JSONArray array) throws JSONException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < array.length(); i++) {
            out.add(array.getString(i));
        }
        return out;
    }
}
