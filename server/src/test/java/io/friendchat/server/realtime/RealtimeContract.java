package io.friendchat.server.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.common.Ids;
import io.friendchat.server.message.Message;
import io.friendchat.server.message.NewMessage;
import io.friendchat.server.testing.ApiClient;
import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.ServerFixture;
import io.friendchat.server.testing.SocketClient;
import io.friendchat.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The chat's Socket.IO events, driven by the official Java client; one subclass per store. */
public abstract class RealtimeContract {
    @RegisterExtension
    final ServerFixture fixture;

    private TestServer server;
    private ApiClient alice;
    private ApiClient bob;
    private ApiClient carol;
    private String roomId;

    protected RealtimeContract(Backend backend) {
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

    private SocketClient connect(ApiClient who) throws Exception {
        return fixture.connect(who);
    }

    static JSONObject json(Object... keyValues) throws JSONException {
        JSONObject o = new JSONObject();
        for (int i = 0; i < keyValues.length; i += 2) {
            o.put((String) keyValues[i], keyValues[i + 1]);
        }
        return o;
    }

    static void assertError(JSONObject ack, String code) throws JSONException {
        assertTrue(ack.has("error"), "expected an error, got " + ack);
        assertEquals(code, ack.getJSONObject("error").getString("code"), ack.toString());
        assertFalse(ack.getJSONObject("error").getString("message").isBlank());
    }

    private JSONObject send(SocketClient socket, String clientId, String text) throws Exception {
        return socket.request("message:send", json("roomId", roomId, "clientId", clientId, "text", text));
    }

    private List<Message> stored() {
        return server.server().store().messages().after(roomId, 0, 100_000).stream()
                .filter(m -> m.kind() == Message.Kind.TEXT)
                .toList();
    }

    @Test
    void a_connection_without_a_valid_session_is_refused_as_unauthorized() throws Exception {
        SocketClient none = SocketClient.withToken(server, null);
        SocketClient forged = SocketClient.withToken(server, "not-a-real-token");
        fixture.track(none);
        fixture.track(forged);

        assertEquals("unauthorized", none.awaitConnectError());
        assertEquals("unauthorized", forged.awaitConnectError());
    }

    @Test
    void a_browser_connects_with_its_session_cookie() throws Exception {
        SocketClient socket = SocketClient.withCookie(server, bob.sessionToken());
        fixture.track(socket);
        socket.awaitConnected();

        JSONObject ack = socket.request("room:join", json("roomId", roomId));
        assertEquals("general", ack.getJSONObject("room").getString("name"));
    }

    @Test
    void a_foreign_origin_gets_403_at_the_handshake() {
        TestServer.Response foreign =
                server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/socket.io/?EIO=4&transport=polling"))
                        .header("Origin", "https://evil.example")
                        .header("Cookie", "fc_session=" + alice.sessionToken()));
        TestServer.Response own =
                server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/socket.io/?EIO=4&transport=polling"))
                        .header("Origin", server.baseUrl()));

        assertEquals(403, foreign.status());
        assertEquals(200, own.status(), own.body());
    }

    @Test
    void joining_checks_membership() throws Exception {
        SocketClient carols = connect(carol);

        assertError(carols.request("room:join", json("roomId", roomId)), "room_not_found");
        assertError(carols.request("room:join", json("roomId", "not-an-id")), "room_not_found");
        assertError(carols.request("room:join", json("roomId", Ids.newId())), "room_not_found");
        assertError(carols.request("room:join", json("roomId", 42)), "invalid_type");
        assertError(carols.request("room:join", json("roomId", json("$ne", "x"))), "invalid_type");
        assertError(
                carols.request("message:send", json("roomId", roomId, "clientId", "c", "text", "hi")),
                "room_not_found");
        assertTrue(stored().isEmpty());
    }

    @Test
    void a_message_is_stored_acknowledged_and_fanned_out() throws Exception {
        SocketClient alices = connect(alice);
        SocketClient bobs = connect(bob);
        bobs.request("room:join", json("roomId", roomId));

        JSONObject ack = send(alices, "c1", "  hello bob  ");

        JSONObject message = ack.getJSONObject("message");
        assertEquals("hello bob", message.getString("body"));
        assertEquals("alice", message.getJSONObject("author").getString("username"));
        assertEquals(List.of("hello bob"), stored().stream().map(Message::body).toList(), "stored before the ack");
        JSONObject pushed = bobs.next("message:new").getJSONObject("message");
        assertEquals(message.getLong("seq"), pushed.getLong("seq"));
        assertEquals(message.getString("id"), pushed.getString("id"));
    }

    @Test
    void a_retried_send_is_stored_once_and_returns_the_same_message() throws Exception {
        SocketClient alices = connect(alice);

        JSONObject first = send(alices, "retry-1", "once").getJSONObject("message");
        JSONObject again = send(alices, "retry-1", "once").getJSONObject("message");

        assertEquals(first.getString("id"), again.getString("id"));
        assertEquals(first.getLong("seq"), again.getLong("seq"));
        assertEquals(1, stored().size());
    }

    @Test
    void a_forged_author_is_ignored() throws Exception {
        SocketClient alices = connect(alice);
        String bobId = bob.userId();

        JSONObject ack = alices.request(
                "message:send",
                json(
                        "roomId",
                        roomId,
                        "clientId",
                        "f1",
                        "text",
                        "it was me",
                        "authorId",
                        bobId,
                        "author",
                        json("id", bobId, "username", "bob"),
                        "userId",
                        bobId));

        assertEquals(
                "alice", ack.getJSONObject("message").getJSONObject("author").getString("username"));
        assertEquals(alice.userId(), stored().get(0).authorId());
    }

    @Test
    void bad_text_and_wrong_types_are_refused_and_nothing_is_stored() throws Exception {
        SocketClient alices = connect(alice);

        assertError(send(alices, "b1", ""), "invalid_text");
        assertError(send(alices, "b2", " \n\t "), "invalid_text");
        assertError(send(alices, "b3", "x".repeat(4001)), "invalid_text");
        assertError(
                alices.request("message:send", json("roomId", roomId, "clientId", "b4", "text", json())),
                "invalid_type");
        assertError(alices.request("message:send", json("roomId", roomId, "clientId", 5, "text", "x")), "invalid_type");
        assertError(alices.request("message:send", json("roomId", roomId, "text", "no client id")), "missing_field");
        assertError(send(alices, "c".repeat(65), "long client id"), "invalid_client_id");
        assertError(alices.request("message:send", new JSONObject()), "missing_field");
        assertTrue(stored().isEmpty());
        assertEquals(
                4000,
                send(alices, "ok", "y".repeat(4000))
                        .getJSONObject("message")
                        .getString("body")
                        .length());
    }

    @Test
    void html_is_stored_and_sent_back_exactly_as_typed() throws Exception {
        SocketClient alices = connect(alice);
        SocketClient bobs = connect(bob);
        String html = "<img src=x onerror=alert(1)> <script>alert('x')</script> &amp;";

        send(alices, "h1", html);

        assertEquals(html, bobs.next("message:new").getJSONObject("message").getString("body"));
        assertEquals(html, stored().get(0).body());
    }

    @Test
    void a_flood_past_the_rate_limit_is_refused_with_retry_after() throws Exception {
        SocketClient alices = connect(alice);
        int limited = 0;
        JSONObject firstLimited = null;
        for (int i = 0; i < 30; i++) {
            JSONObject ack = send(alices, "flood-" + i, "message " + i);
            if (ack.has("error")) {
                limited++;
                firstLimited = firstLimited == null ? ack : firstLimited;
            }
        }

        assertTrue(limited >= 5, "only " + limited + " of 30 were limited");
        assertError(firstLimited, "rate_limited");
        assertTrue(firstLimited.getJSONObject("error").getLong("retryAfter") >= 1);
        assertEquals(30 - limited, stored().size());
        assertTrue(connect(bob).request("room:join", json("roomId", roomId)).has("room"), "the server keeps serving");
    }

    @Test
    void events_without_an_ack_and_unknown_events_do_not_hurt() throws Exception {
        SocketClient alices = connect(alice);

        alices.fire("message:send", json("roomId", roomId, "clientId", "n1", "text", "no ack wanted"));
        alices.fire("no:such:event", json("x", 1));
        alices.fire("message:send", "not an object");
        alices.fire("room:join");

        // A send is acknowledged and published once durable, after the socket's later events
        // may have been answered: its message:new is the sign that it was handled.
        assertEquals(
                "no ack wanted",
                alices.next("message:new").getJSONObject("message").getString("body"));
        assertTrue(alices.request("room:join", json("roomId", roomId)).has("room"));
        assertTrue(alices.connected());
        assertEquals(
                List.of("no ack wanted"), stored().stream().map(Message::body).toList());
    }

    @Test
    void history_pages_backwards_over_the_socket() throws Exception {
        SocketClient alices = connect(alice);
        for (int i = 1; i <= 5; i++) {
            send(alices, "p" + i, "m" + i);
        }

        JSONObject page = alices.request("message:history", json("roomId", roomId, "beforeSeq", 7, "limit", 3));

        JSONArray messages = page.getJSONArray("messages");
        assertEquals(3, messages.length());
        assertEquals(4, messages.getJSONObject(0).getLong("seq"));
        assertEquals(6, messages.getJSONObject(2).getLong("seq"));
        assertTrue(page.getBoolean("hasMore"));
        assertError(alices.request("message:history", json("roomId", roomId, "limit", 1000)), "invalid_parameter");
        assertError(alices.request("message:history", json("roomId", roomId, "beforeSeq", "7")), "invalid_parameter");
    }

    @Test
    void catch_up_after_a_gap_of_ten_thousand_messages_replays_every_one_in_order() throws Exception {
        SocketClient bobs = connect(bob);
        long seen = bobs.request("room:join", json("roomId", roomId))
                .getJSONObject("room")
                .getLong("lastSeq");
        bobs.close();
        String aliceId = alice.userId();
        for (int i = 0; i < 10_000; i++) {
            server.server()
                    .store()
                    .messages()
                    .append(new NewMessage(
                            Ids.newId(), roomId, aliceId, "gap-" + i, Message.Kind.TEXT, "gap " + i, Instant.now()));
        }

        SocketClient again = connect(bob);
        JSONObject ack = again.request("room:join", json("roomId", roomId, "sinceSeq", seen));
        List<JSONObject> got = new ArrayList<>();
        addAll(got, ack.getJSONArray("messages"));
        boolean more = ack.getBoolean("hasMore");
        while (more) {
            long after = got.get(got.size() - 1).getLong("seq");
            JSONObject page = again.request("message:history", json("roomId", roomId, "afterSeq", after));
            addAll(got, page.getJSONArray("messages"));
            more = page.getBoolean("hasMore");
        }

        assertEquals(10_000, got.size());
        for (int i = 0; i < got.size(); i++) {
            assertEquals(seen + 1 + i, got.get(i).getLong("seq"));
            assertEquals("gap " + i, got.get(i).getString("body"));
        }
    }

    private static void addAll(List<JSONObject> into, JSONArray array) throws JSONException {
        for (int i = 0; i < array.length(); i++) {
            into.add(array.getJSONObject(i));
        }
    }

    @Test
    void typing_reaches_the_others_and_lapses_after_five_seconds() throws Exception {
        SocketClient alices = connect(alice);
        SocketClient bobs = connect(bob);

        alices.request("typing:start", json("roomId", roomId));

        JSONObject on = bobs.next("typing");
        assertTrue(on.getBoolean("typing"));
        assertEquals(alice.userId(), on.getString("userId"));
        assertNull(alices.poll("typing", 300), "the typist is not told about itself");
        JSONObject off = bobs.poll("typing", 7000);
        assertNotNull(off, "typing did not lapse");
        assertFalse(off.getBoolean("typing"));
        assertError(connect(carol).request("typing:start", json("roomId", roomId)), "room_not_found");
    }

    /**
     * Someone sending short messages in quick succession starts typing before each (the web app
     * resets its typing state on every send): a burst of 5 passes, a flood is refused.
     */
    @Test
    void typing_before_each_of_five_quick_messages_passes_and_a_flood_is_refused() throws Exception {
        SocketClient alices = connect(alice);
        for (int i = 1; i <= 5; i++) {
            JSONObject answer = alices.request("typing:start", json("roomId", roomId));
            assertFalse(answer.has("error"), "start " + i + " was refused: " + answer);
            alices.request("typing:stop", json("roomId", roomId));
        }
        // 2 a second come back: 7 more refused none only if they took over 3.5 s.
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            JSONObject answer = alices.request("typing:start", json("roomId", roomId));
            if (answer.has("error")) {
                refused.add(answer.getJSONObject("error").getString("code"));
            }
        }
        assertFalse(refused.isEmpty(), "a flood of typing notices was never refused");
        assertEquals(Set.of("rate_limited"), Set.copyOf(refused));
    }

    @Test
    void read_markers_only_increase_and_reach_the_users_other_tabs() throws Exception {
        SocketClient tab1 = connect(alice);
        SocketClient tab2 = connect(alice);
        SocketClient bobs = connect(bob); // alice's own messages would never be unread for her
        for (int i = 0; i < 3; i++) {
            send(bobs, "r" + i, "m" + i);
        }
        long last =
                server.server().store().messages().latest(roomId).orElseThrow().seq();

        assertEquals(
                last - 1,
                tab1.request("room:read", json("roomId", roomId, "seq", last - 1))
                        .getLong("lastReadSeq"));
        assertEquals(last - 1, tab2.next("room:read").getLong("lastReadSeq"));
        assertEquals(
                last - 1,
                tab1.request("room:read", json("roomId", roomId, "seq", 1)).getLong("lastReadSeq"));
        assertEquals(
                last,
                tab1.request("room:read", json("roomId", roomId, "seq", 999_999))
                        .getLong("lastReadSeq"));
        assertEquals(0, alice.get("/api/rooms").json().at("/rooms/0/unread").asLong());
        assertError(tab1.request("room:read", json("roomId", roomId, "seq", -1)), "invalid_parameter");
    }

    @Test
    void two_tabs_of_one_user_both_get_new_messages() throws Exception {
        SocketClient tab1 = connect(bob);
        SocketClient tab2 = connect(bob);
        SocketClient alices = connect(alice);

        send(alices, "t1", "to both tabs");

        assertEquals(
                "to both tabs",
                tab1.next("message:new").getJSONObject("message").getString("body"));
        assertEquals(
                "to both tabs",
                tab2.next("message:new").getJSONObject("message").getString("body"));
        send(tab1, "t2", "from tab 1");
        assertEquals(
                "from tab 1", tab2.next("message:new").getJSONObject("message").getString("body"));
    }

    @Test
    void joining_and_leaving_are_announced_to_the_others() throws Exception {
        SocketClient alices = connect(alice);
        SocketClient bobs = connect(bob);

        bobs.request("room:join", json("roomId", roomId));
        JSONObject joined = alices.next("member:joined");
        assertEquals("bob", joined.getJSONObject("user").getString("username"));
        assertEquals(roomId, joined.getString("roomId"));

        bobs.request("room:leave", json("roomId", roomId));
        assertEquals("bob", alices.next("member:left").getJSONObject("user").getString("username"));
    }

    @Test
    void presence_goes_online_and_offline_after_a_grace_period() throws Exception {
        SocketClient alices = connect(alice);
        String bobId = bob.userId();

        SocketClient bobs = connect(bob);
        JSONObject online = alices.next("presence");
        while (!online.getString("userId").equals(bobId)) {
            online = alices.next("presence"); // alice's own arrival comes first
        }
        assertTrue(online.getBoolean("online"));
        assertTrue(alice.get("/api/rooms/" + roomId)
                .json()
                .at("/room/members/1/online")
                .asBoolean());

        bobs.close();
        assertNull(alices.poll("presence", 1500), "offline must wait for the grace period");
        JSONObject offline = alices.poll("presence", 5000);
        assertNotNull(offline);
        assertFalse(offline.getBoolean("online"));
    }

    @Test
    void room_changes_are_pushed_with_their_system_messages() throws Exception {
        SocketClient bobs = connect(bob);
        SocketClient carols = connect(carol);

        alice.patch("/api/rooms/" + roomId, "{\"name\":\"renamed\"}");
        JSONObject updated = bobs.next("room:updated");
        assertEquals("renamed", updated.getString("name"));
        assertEquals(
                "room_updated",
                bobs.next("message:new")
                        .getJSONObject("message")
                        .getJSONObject("system")
                        .getString("type"));

        alice.post("/api/rooms/" + roomId + "/members", "{\"usernames\":[\"carol\"]}");
        assertEquals(roomId, carols.next("room:added").getJSONObject("room").getString("id"));
        assertEquals(
                "carol",
                bobs.next("member:added")
                        .getJSONArray("members")
                        .getJSONObject(0)
                        .getString("username"));
        assertEquals(
                "members_added",
                carols.next("message:new")
                        .getJSONObject("message")
                        .getJSONObject("system")
                        .getString("type"),
                "a new member's sockets are subscribed at once");

        alice.patch("/api/rooms/" + roomId + "/members/" + carol.userId(), "{\"role\":\"admin\"}");
        assertEquals("admin", bobs.next("member:role").getJSONObject("member").getString("role"));

        alice.delete("/api/rooms/" + roomId);
        assertEquals(roomId, bobs.next("room:deleted").getString("roomId"));
        assertEquals(roomId, bobs.next("room:removed").getString("roomId"));
    }

    @Test
    void a_removed_member_loses_live_access_at_once() throws Exception {
        SocketClient alices = connect(alice);
        SocketClient bobs = connect(bob);
        bobs.request("room:join", json("roomId", roomId));

        assertEquals(
                204,
                alice.delete("/api/rooms/" + roomId + "/members/" + bob.userId())
                        .status());

        assertEquals(roomId, bobs.next("room:removed").getString("roomId"));
        bobs.clear();
        send(alices, "after", "bob must not see this");
        assertNull(bobs.poll("message:new", 1000), "a removed member still received a message");
        assertError(send(bobs, "x", "let me back"), "room_not_found");
        assertError(bobs.request("room:join", json("roomId", roomId)), "room_not_found");
    }

    @Test
    void logout_cuts_that_sessions_sockets_and_no_other() throws Exception {
        SocketClient bobs = connect(bob);
        ApiClient bobPhone = server.client();
        bobPhone.post("/api/auth/login", "{\"login\":\"bob\",\"password\":\"" + ApiClient.password("bob") + "\"}");
        SocketClient phone = connect(bobPhone);

        assertEquals(204, bob.post("/api/auth/logout", null).status());

        assertNotNull(bobs.awaitDisconnect(), "the logged-out socket stayed connected");
        assertTrue(phone.connected(), "another session's socket was cut");
        assertEquals(204, bobPhone.post("/api/auth/logout-all", null).status());
        assertNotNull(phone.awaitDisconnect());
    }

    @Test
    void a_password_change_cuts_the_other_sessions_sockets() throws Exception {
        ApiClient other = server.client();
        other.post("/api/auth/login", "{\"login\":\"alice\",\"password\":\"" + ApiClient.password("alice") + "\"}");
        SocketClient mine = connect(alice);
        SocketClient theirs = connect(other);

        alice.post(
                "/api/me/password",
                "{\"current\":\"" + ApiClient.password("alice") + "\",\"new\":\"a whole new secret\"}");

        assertNotNull(theirs.awaitDisconnect());
        assertTrue(mine.connected());
    }
}
