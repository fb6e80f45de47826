package io.friendchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.testing.ApiClient;
import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.SocketClient;
import io.friendchat.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes in this JVM over one real {@code redis-server} and one MongoDB-compatible server: what
 * one node does reaches the sockets of the other. (ClusterTest runs the nodes as separate
 * processes and kills them.)
 */
class TwoNodesTest {
    @TempDir
    Path tempDir;

    private RedisServer redis;
    private TestServer a;
    private TestServer b;
    private final List<SocketClient> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start(tempDir.resolve("redis.log"));
        Backend.Target target = Backend.MONGO.newTarget(tempDir);
        a = TestServer.start(node(target, "a"));
        b = TestServer.start(node(target, "b"));
    }

    private java.util.Map<String, String> node(Backend.Target target, String id) {
        return target.env(
                "REDIS_URL", redis.url(),
                "FRIENDCHAT_NODE_ID", id,
                "FRIENDCHAT_CLUSTER_HEARTBEAT", "200ms",
                "FRIENDCHAT_MESSAGES_PER_SECOND", "1000",
                "FRIENDCHAT_MESSAGE_BURST", "1000");
    }

    /** Both nodes again, on a fresh database, with these settings (variable, value, ...) too. */
    private void restartBoth(String database, String... settings) {
        a.close();
        b.close();
        Backend.Target target = Backend.MONGO.newTarget(tempDir.resolve(database));
        java.util.Map<String, String> env = node(target, "a");
        for (int i = 0; i < settings.length; i += 2) {
            env.put(settings[i], settings[i + 1]);
        }
        a = TestServer.start(env);
        env.put("FRIENDCHAT_NODE_ID", "b");
        b = TestServer.start(env);
    }

    @AfterEach
    void stop() {
        sockets.forEach(SocketClient::close);
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private SocketClient connect(TestServer node, ApiClient who) throws Exception {
        SocketClient socket = SocketClient.withToken(node, who.sessionToken()).awaitConnected();
        sockets.add(socket);
        return socket;
    }

    private String createRoom(ApiClient owner, String name, String... members) {
        StringBuilder list = new StringBuilder();
        for (String m : members) {
            list.append(list.length() == 0 ? "" : ",").append('"').append(m).append('"');
        }
        TestServer.Response r = owner.post("/api/rooms", "{\"name\":\"" + name + "\",\"members\":[" + list + "]}");
        assertEquals(201, r.status(), r.body());
        return r.json().at("/room/id").asText();
    }

    /** The room's latest seq now (room creation and membership changes store system messages). */
    private static long lastSeq(ApiClient who, String roomId) {
        return who.get("/api/rooms/" + roomId).json().at("/room/lastSeq").asLong();
    }

    /** The next presence event about this user (a socket also hears about its own user). */
    private static JSONObject presenceOf(SocketClient socket, String userId) throws Exception {
        while (true) {
            JSONObject event = socket.next("presence");
            if (event.getString("userId").equals(userId)) {
                return event;
            }
        }
    }

    /** The text of the next chat message pushed, skipping system messages (membership changes). */
    private static String lastText(SocketClient socket) throws Exception {
        while (true) {
            JSONObject message = socket.next("message:new").getJSONObject("message");
            if (message.getString("kind").equals("text")) {
                return message.getString("body");
            }
        }
    }

    private static JSONObject send(SocketClient socket, String roomId, String clientId, String text) throws Exception {
        return socket.request(
                "message:send",
                new JSONObject().put("roomId", roomId).put("clientId", clientId).put("text", text));
    }

    @Test
    void health_says_redis_is_up() {
        TestServer.Response health = a.get("/healthz");
        assertEquals(200, health.status());
        assertEquals("up", health.json().get("redis").asText());
    }

    @Test
    void sends_on_both_nodes_reach_every_socket_once_and_in_seq_order() throws Exception {
        ApiClient alice = a.client().signup("alice");
        ApiClient bob = b.client().signup("bob");
        String roomId = createRoom(alice, "general", "bob");
        SocketClient aliceOnA = connect(a, alice);
        SocketClient bobOnB = connect(b, bob);
        SocketClient aliceOnB = connect(b, alice);
        long base = lastSeq(alice, roomId);

        int each = 40;
        List<CompletableFuture<JSONObject>> acks = new ArrayList<>();
        for (int i = 0; i < each; i++) {
            acks.add(aliceOnA.emitWithAck(
                    "message:send",
                    new JSONObject()
                            .put("roomId", roomId)
                            .put("clientId", "a" + i)
                            .put("text", "from a " + i)));
            acks.add(bobOnB.emitWithAck(
                    "message:send",
                    new JSONObject()
                            .put("roomId", roomId)
                            .put("clientId", "b" + i)
                            .put("text", "from b " + i)));
        }
        for (CompletableFuture<JSONObject> ack : acks) {
            assertNotNull(
                    ack.get(20, java.util.concurrent.TimeUnit.SECONDS).optJSONObject("message"),
                    ack.get().toString());
        }

        for (SocketClient socket : List.of(aliceOnA, bobOnB, aliceOnB)) {
            for (long seq = base + 1; seq <= base + 2L * each; seq++) {
                JSONObject pushed = socket.next("message:new");
                assertEquals(seq, pushed.getJSONObject("message").getLong("seq"), "pushes in seq order, none twice");
            }
            assertNull(socket.poll("message:new", 300), "no message pushed twice");
        }
    }

    @Test
    void a_member_removed_on_one_node_stops_receiving_on_the_other_and_cannot_send_there() throws Exception {
        ApiClient alice = a.client().signup("alice");
        ApiClient bob = b.client().signup("bob");
        ApiClient carol = b.client().signup("carol");
        String roomId = createRoom(alice, "general", "bob", "carol");
        SocketClient bobOnB = connect(b, bob);
        SocketClient carolOnB = connect(b, carol);
        SocketClient aliceOnA = connect(a, alice);
        long base = lastSeq(alice, roomId);
        send(bobOnB, roomId, "hello", "hello");
        assertEquals(
                base + 1, carolOnB.next("message:new").getJSONObject("message").getLong("seq"));

        assertEquals(
                204,
                alice.delete("/api/rooms/" + roomId + "/members/" + bob.userId())
                        .status());
        assertEquals(roomId, bobOnB.next("room:removed").getString("roomId"));

        send(aliceOnA, roomId, "after", "after bob left");
        assertEquals("after bob left", lastText(carolOnB));
        assertEquals(
                base + 1, bobOnB.next("message:new").getJSONObject("message").getLong("seq"), "the one before");
        assertNull(bobOnB.poll("message:new", 300), "bob got a message after he was removed");
        JSONObject refused = send(bobOnB, roomId, "late", "still here?");
        assertEquals("room_not_found", refused.getJSONObject("error").getString("code"), refused.toString());
    }

    @Test
    void a_member_added_on_one_node_is_subscribed_on_the_other() throws Exception {
        ApiClient alice = a.client().signup("alice");
        ApiClient bob = b.client().signup("bob");
        String roomId = createRoom(alice, "general");
        SocketClient bobOnB = connect(b, bob);
        SocketClient aliceOnA = connect(a, alice);

        assertEquals(
                201,
                alice.post("/api/rooms/" + roomId + "/members", "{\"usernames\":[\"bob\"]}")
                        .status());
        assertEquals(roomId, bobOnB.next("room:added").getJSONObject("room").getString("id"));
        send(aliceOnA, roomId, "hi", "welcome bob");

        assertEquals("welcome bob", lastText(bobOnB));
    }

    @Test
    void typing_and_read_markers_reach_the_other_node() throws Exception {
        ApiClient alice = a.client().signup("alice");
        ApiClient bob = b.client().signup("bob");
        String roomId = createRoom(alice, "general", "bob");
        SocketClient aliceOnA = connect(a, alice);
        SocketClient aliceOnB = connect(b, alice);
        SocketClient bobOnB = connect(b, bob);

        aliceOnA.request("typing:start", new JSONObject().put("roomId", roomId));
        JSONObject typing = bobOnB.next("typing");
        assertEquals(alice.userId(), typing.getString("userId"));
        assertTrue(typing.getBoolean("typing"));

        long seq = lastSeq(alice, roomId);
        aliceOnA.request("room:read", new JSONObject().put("roomId", roomId).put("seq", seq));
        JSONObject read = aliceOnB.next("room:read");
        assertEquals(roomId, read.getString("roomId"));
        assertEquals(seq, read.getLong("lastReadSeq"));
    }

    @Test
    void failed_logins_are_counted_for_the_cluster() throws Exception {
        restartBoth("logins", "FRIENDCHAT_LOGIN_FAILURES_PER_ACCOUNT", "2");
        a.client().signup("alice");
        String wrong = "{\"login\":\"alice\",\"password\":\"not her password at all\"}";

        assertEquals(401, a.client().post("/api/auth/login", wrong).status());
        assertEquals(401, b.client().post("/api/auth/login", wrong).status());
        TestServer.Response third = a.client().post("/api/auth/login", wrong);

        assertEquals(429, third.status(), third.body());
        assertEquals("rate_limited", third.json().get("code").asText());
    }

    @Test
    void logging_out_on_one_node_cuts_the_sessions_sockets_on_the_other() throws Exception {
        ApiClient alice = a.client().signup("alice");
        SocketClient onB = connect(b, alice);

        assertEquals(204, alice.post("/api/auth/logout", "{}").status());

        assertNotNull(onB.awaitDisconnect());
    }

    @Test
    void presence_crosses_nodes_and_a_stopped_node_takes_its_users_offline() throws Exception {
        ApiClient alice = a.client().signup("alice");
        ApiClient bob = b.client().signup("bob");
        String bobId = bob.userId();
        createRoom(alice, "general", "bob");
        SocketClient aliceOnA = connect(a, alice);

        connect(b, bob);
        JSONObject online = presenceOf(aliceOnA, bobId);
        assertTrue(online.getBoolean("online"));
        assertTrue(a.server().gateway().isOnline(bobId), "node a counts bob online");

        b.close();
        b = null;
        JSONObject offline = presenceOf(aliceOnA, bobId);
        assertFalse(offline.getBoolean("online"));
    }

    @Test
    void the_message_rate_limit_holds_for_the_cluster() throws Exception {
        restartBoth("limits", "FRIENDCHAT_MESSAGES_PER_SECOND", "1", "FRIENDCHAT_MESSAGE_BURST", "2");
        ApiClient alice = a.client().signup("alice");
        String roomId = createRoom(alice, "general");
        SocketClient onA = connect(a, alice);
        SocketClient onB = connect(b, alice);

        assertTrue(send(onA, roomId, "1", "one").has("message"));
        assertTrue(send(onB, roomId, "2", "two").has("message"));
        JSONObject third = send(onB, roomId, "3", "three");

        assertEquals("rate_limited", third.getJSONObject("error").getString("code"), third.toString());
    }

    @Test
    void while_redis_is_down_sends_succeed_on_their_node_and_the_other_catches_up_when_it_is_back() throws Exception {
        ApiClient alice = a.client().signup("alice");
        ApiClient bob = b.client().signup("bob");
        String roomId = createRoom(alice, "general", "bob");
        SocketClient aliceOnA = connect(a, alice);
        SocketClient bobOnB = connect(b, bob);

        redis.kill9();
        JSONObject sent = send(aliceOnA, roomId, "down", "while redis is down");
        assertTrue(sent.has("message"), sent.toString());
        assertEquals("while redis is down", lastText(aliceOnA));
        assertEquals("down", a.get("/healthz").json().get("redis").asText());

        redis.restart();
        assertEquals("while redis is down", lastText(bobOnB));
    }

    @Test
    void changes_to_messages_reach_the_other_node_and_one_made_while_redis_was_down_follows_by_itself()
            throws Exception {
        ApiClient alice = a.client().signup("alice");
        ApiClient bob = b.client().signup("bob");
        String roomId = createRoom(alice, "general", "bob");
        SocketClient aliceOnA = connect(a, alice);
        SocketClient bobOnB = connect(b, bob);
        String id =
                send(aliceOnA, roomId, "c1", "helo").getJSONObject("message").getString("id");

        aliceOnA.request(
                "message:edit",
                new JSONObject().put("roomId", roomId).put("messageId", id).put("text", "hello"));
        JSONObject edited = bobOnB.next("message:changed").getJSONObject("message");
        assertEquals("hello", edited.getString("body"));
        assertEquals(1, edited.getLong("rev"));
        bobOnB.request(
                "message:react",
                new JSONObject()
                        .put("roomId", roomId)
                        .put("messageId", id)
                        .put("emoji", "👍")
                        .put("add", true));
        assertEquals(
                1, aliceOnA.next("message:changed").getJSONObject("message").getLong("rev"));
        assertEquals(
                2, aliceOnA.next("message:changed").getJSONObject("message").getLong("rev"));
        JSONObject joined = bobOnB.request("room:join", new JSONObject().put("roomId", roomId));
        long sinceSeq = joined.getJSONObject("room").getLong("lastSeq");
        assertEquals(2, joined.getLong("rev"));

        redis.kill9();
        // Once node A knows Redis is gone, its publications are refused, not queued for later.
        Await.until(
                "node A to report Redis down",
                Duration.ofSeconds(10),
                () -> "down".equals(a.get("/healthz").json().get("redis").asText()));
        JSONObject ack = aliceOnA.request(
                "message:edit",
                new JSONObject().put("roomId", roomId).put("messageId", id).put("text", "edited while redis is down"));
        assertEquals(3, ack.getJSONObject("message").getLong("rev"), ack.toString());
        redis.restart();
        // Node B catches up from the store once Redis is back, as for new messages: bob's socket
        // gets the change without asking. First his own reaction, from before.
        assertEquals(2, bobOnB.next("message:changed").getJSONObject("message").getLong("rev"));
        JSONObject caughtUp = bobOnB.next("message:changed").getJSONObject("message");
        assertEquals(3, caughtUp.getLong("rev"));
        assertEquals("edited while redis is down", caughtUp.getString("body"));

        JSONObject again = bobOnB.request(
                "room:join",
                new JSONObject().put("roomId", roomId).put("sinceSeq", sinceSeq).put("sinceRev", 2));
        assertEquals(3, again.getLong("rev"));
        JSONObject change = again.getJSONArray("changes").getJSONObject(0);
        assertEquals("edited while redis is down", change.getString("body"));
        assertEquals("👍", change.getJSONArray("reactions").getJSONObject(0).getString("emoji"));

        // The catch-up delivered rev 3 once: the next change bob gets is the next one made.
        aliceOnA.request(
                "message:edit",
                new JSONObject().put("roomId", roomId).put("messageId", id).put("text", "and once more"));
        assertEquals(4, bobOnB.next("message:changed").getJSONObject("message").getLong("rev"));
    }

    @Test
    void joining_by_invite_or_direct_message_on_one_node_lets_the_member_send_on_the_other_at_once() throws Exception {
        ApiClient alice = a.client().signup("alice");
        ApiClient bob = b.client().signup("bob");
        String roomId = createRoom(alice, "club");
        SocketClient bobOnB = connect(b, bob);
        assertEquals(
                "room_not_found",
                send(bobOnB, roomId, "early", "not in it yet")
                        .getJSONObject("error")
                        .getString("code"),
                "node b now holds bob's rooms, without this one");

        String token = alice.post("/api/rooms/" + roomId + "/invites", "{}")
                .json()
                .at("/invite/token")
                .asText();
        ApiClient bobViaA = ApiClient.at(a.baseUrl()).withSessionToken(bob.sessionToken());
        assertEquals(
                201, bobViaA.post("/api/invites/" + token + "/accept", null).status());
        assertEquals(roomId, bobOnB.next("room:added").getJSONObject("room").getString("id"));
        assertEquals(
                "hello from b",
                send(bobOnB, roomId, "c1", "hello from b")
                        .getJSONObject("message")
                        .getString("body"));

        String dm = alice.post("/api/dms", "{\"userId\":\"" + bob.userId() + "\"}")
                .json()
                .at("/room/id")
                .asText();
        assertEquals(dm, bobOnB.next("room:added").getJSONObject("room").getString("id"));
        assertEquals(
                "hi alice",
                send(bobOnB, dm, "c2", "hi alice").getJSONObject("message").getString("body"));
    }
}
