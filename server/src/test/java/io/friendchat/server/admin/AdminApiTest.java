package io.friendchat.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.friendchat.server.testing.ApiClient;
import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.ServerFixture;
import io.friendchat.server.testing.SocketClient;
import io.friendchat.server.testing.TestServer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The server-admin API on both stores: who may use it, and what each action does to the server. */
class AdminApiTest {
    @RegisterExtension
    final ServerFixture fixture = ServerFixture.unstarted().withUsers("boss", "alice", "bob", "mallory");

    private TestServer start(Backend backend) {
        return fixture.start(backend, Map.of("FRIENDCHAT_ADMINS", "Boss, someone_else"), Clock.systemUTC());
    }

    private static String login(String name) {
        return "{\"login\":\"" + name + "\",\"password\":\"" + ApiClient.password(name) + "\"}";
    }

    private static List<String> usernames(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("users").forEach(u -> names.add(u.get("username").asText()));
        return names;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void only_admins_may_use_the_admin_api(Backend backend) {
        start(backend);
        ApiClient alice = fixture.user("alice");
        String bobId = fixture.user("bob").userId();
        String room = fixture.createRoom(alice, "Alice's");

        assertTrue(fixture.user("boss").get("/api/me").json().at("/user/admin").asBoolean(), "named in the env");
        assertFalse(alice.get("/api/me").json().at("/user/admin").asBoolean());
        List<TestServer.Response> refused = List.of(
                alice.get("/api/admin/users"),
                alice.get("/api/admin/stats"),
                alice.get("/api/admin/audit"),
                alice.post("/api/admin/users/" + bobId + "/deactivate", null),
                alice.post("/api/admin/users/" + bobId + "/reactivate", null),
                alice.delete("/api/admin/rooms/" + room));
        for (TestServer.Response r : refused) {
            assertEquals(403, r.status(), r.body());
            assertEquals("forbidden", r.json().get("code").asText());
            assertFalse(r.json().get("message").asText().isEmpty());
        }
        assertEquals(200, alice.get("/api/rooms/" + room).status(), "a refused delete deletes nothing");
        assertEquals(401, fixture.server().client().get("/api/admin/stats").status());
        assertEquals(
                0,
                fixture.user("boss")
                        .get("/api/admin/audit")
                        .json()
                        .get("entries")
                        .size());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void deactivating_cuts_the_users_sockets_at_once_and_keeps_their_messages(Backend backend) throws Exception {
        start(backend);
        ApiClient boss = fixture.user("boss");
        ApiClient mallory = fixture.user("mallory");
        String malloryId = mallory.userId();
        String room = fixture.createRoom(fixture.user("alice"), "Victims", "mallory");
        SocketClient socket = fixture.connect(mallory);
        JSONObject sent = socket.request(
                "message:send", new JSONObject(Map.of("roomId", room, "clientId", "m1", "text", "spam")));
        assertNotNull(sent.optJSONObject("message"), sent.toString());

        TestServer.Response r = boss.post("/api/admin/users/" + malloryId + "/deactivate", null);

        assertEquals(200, r.status(), r.body());
        assertTrue(r.json().at("/user/deactivated").asBoolean());
        assertNotNull(socket.awaitDisconnect(), "the deactivated user's socket stayed connected");
        assertEquals(401, mallory.get("/api/me").status(), "their session ended");
        TestServer.Response again = fixture.server().client().post("/api/auth/login", login("mallory"));
        assertEquals(403, again.status());
        assertEquals("account_deactivated", again.json().get("code").asText());
        TestServer.Response wrong = fixture.server()
                .client()
                .post("/api/auth/login", "{\"login\":\"mallory\",\"password\":\"not the password\"}");
        assertEquals(401, wrong.status(), "without the password nobody learns the account is deactivated");
        JsonNode history =
                fixture.user("alice").get("/api/rooms/" + room + "/messages").json();
        assertTrue(history.toString().contains("\"spam\""), "their messages stay: " + history);

        TestServer.Response back = boss.post("/api/admin/users/" + malloryId + "/reactivate", null);
        assertEquals(200, back.status(), back.body());
        assertFalse(back.json().at("/user/deactivated").asBoolean());
        assertEquals(
                200,
                fixture.server()
                        .client()
                        .post("/api/auth/login", login("mallory"))
                        .status());

        JsonNode audit = boss.get("/api/admin/audit").json().get("entries");
        assertEquals("user_reactivated", audit.get(0).get("action").asText(), "newest first: " + audit);
        assertEquals("user_deactivated", audit.get(1).get("action").asText());
        assertEquals("mallory", audit.get(1).get("targetName").asText());
        assertEquals(malloryId, audit.get(1).get("targetId").asText());
        assertEquals("boss", audit.get(1).get("actorName").asText());
        assertEquals("web", audit.get(1).get("via").asText());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void an_admin_cannot_deactivate_themselves_and_unknown_users_are_404(Backend backend) {
        start(backend);
        ApiClient boss = fixture.user("boss");

        TestServer.Response self = boss.post("/api/admin/users/" + boss.userId() + "/deactivate", null);
        assertEquals(400, self.status());
        assertEquals("cannot_deactivate_self", self.json().get("code").asText());
        for (String id : List.of("0123456789abcdef01234567", "not-an-id")) {
            TestServer.Response r = boss.post("/api/admin/users/" + id + "/deactivate", null);
            assertEquals(404, r.status());
            assertEquals("user_not_found", r.json().get("code").asText());
        }
        assertEquals(200, boss.get("/api/me").status());
        assertEquals(0, boss.get("/api/admin/audit").json().get("entries").size(), "nothing was done");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void users_are_found_by_prefix_in_pages(Backend backend) {
        start(backend);
        ApiClient boss = fixture.user("boss");
        fixture.server().client().signup("alfred");
        fixture.server().client().signup("Alina");

        JsonNode first = boss.get("/api/admin/users?prefix=AL&limit=2").json();
        assertEquals(List.of("alfred", "alice"), usernames(first));
        assertEquals("alice", first.get("next").asText());
        JsonNode second =
                boss.get("/api/admin/users?prefix=al&limit=2&after=alice").json();
        assertEquals(List.of("Alina"), usernames(second));
        assertTrue(second.get("next").isNull());

        JsonNode everyone = boss.get("/api/admin/users").json();
        assertEquals(List.of("alfred", "alice", "Alina", "bob", "boss", "mallory"), usernames(everyone));
        JsonNode bossRow = everyone.get("users").get(4);
        assertTrue(bossRow.get("admin").asBoolean());
        assertTrue(bossRow.get("namedAdmin").asBoolean());
        assertFalse(bossRow.has("passwordHash"));
        assertEquals(400, boss.get("/api/admin/users?limit=0").status());
        assertEquals(400, boss.get("/api/admin/users?limit=101").status());
        assertEquals(400, boss.get("/api/admin/users?prefix=" + "x".repeat(65)).status());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void an_admin_deletes_any_room_and_its_members_are_told(Backend backend) throws Exception {
        start(backend);
        ApiClient alice = fixture.user("alice");
        String room = fixture.createRoom(alice, "Doomed", "bob");
        SocketClient bobs = fixture.connect(fixture.user("bob"));

        assertEquals(
                204, fixture.user("boss").delete("/api/admin/rooms/" + room).status());

        assertEquals(room, bobs.next("room:removed").getString("roomId"));
        assertEquals(404, alice.get("/api/rooms/" + room).status());
        TestServer.Response again = fixture.user("boss").delete("/api/admin/rooms/" + room);
        assertEquals(404, again.status());
        assertEquals("room_not_found", again.json().get("code").asText());
        JsonNode entry = fixture.user("boss").get("/api/admin/audit").json().at("/entries/0");
        assertEquals("room_deleted", entry.get("action").asText());
        assertEquals("Doomed", entry.get("targetName").asText());
        assertEquals("room", entry.get("targetType").asText());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void stats_count_users_rooms_messages_and_connections(Backend backend) throws Exception {
        start(backend);
        ApiClient alice = fixture.user("alice");
        String room = fixture.createRoom(alice, "Counted", "bob");
        SocketClient a1 = fixture.connect(alice);
        fixture.connect(alice);
        fixture.connect(fixture.user("bob"));
        a1.request("message:send", new JSONObject(Map.of("roomId", room, "clientId", "c1", "text", "one")));

        JsonNode stats = fixture.user("boss").get("/api/admin/stats").json();

        assertEquals(4, stats.get("users").asLong());
        assertEquals(1, stats.get("rooms").asLong());
        // room_created, members_added and the text message
        assertEquals(3, stats.get("messages").asLong());
        assertEquals(3, stats.get("connectedSockets").asInt());
        assertEquals(2, stats.get("connectedUsers").asInt());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void the_audit_log_pages_newest_first(Backend backend) {
        start(backend);
        ApiClient boss = fixture.user("boss");
        String bobId = fixture.user("bob").userId();
        for (int i = 0; i < 3; i++) {
            assertEquals(
                    200,
                    boss.post("/api/admin/users/" + bobId + "/deactivate", null).status());
            assertEquals(
                    200,
                    boss.post("/api/admin/users/" + bobId + "/reactivate", null).status());
        }

        List<String> actions = new ArrayList<>();
        String before = null;
        int pages = 0;
        do {
            JsonNode page = boss.get("/api/admin/audit?limit=4" + (before == null ? "" : "&before=" + before))
                    .json();
            page.get("entries").forEach(e -> actions.add(e.get("action").asText()));
            before = page.get("next").isNull() ? null : page.get("next").asText();
            pages++;
        } while (before != null);

        assertEquals(2, pages);
        assertEquals(6, actions.size());
        for (int i = 0; i < 6; i++) {
            assertEquals(i % 2 == 0 ? "user_reactivated" : "user_deactivated", actions.get(i), actions.toString());
        }
        TestServer.Response bad = boss.get("/api/admin/audit?before=junk");
        assertEquals(400, bad.status());
        assertEquals("invalid_parameter", bad.json().get("code").asText());
    }
}
